package io.github.covidxray.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which model {@link XraySpark#classify} runs on the executors and how. Immutable and serializable (it travels
 * with the tasks); build with {@link #builder()}. Every setting is optional: by default the bundled model
 * ({@code covid-xray-models}, carried in the module's shaded jar) on its own engine.
 *
 * <p>A bundle of one's own reaches the executors in one of two ways:
 * <ul>
 *   <li>{@link Builder#optBundlePath}: a folder or zip at a path every node can read (a shared file system);</li>
 *   <li>{@link Builder#optShippedBundle}: a zipped bundle shipped by Spark itself, with
 *       {@code spark-submit --files my-model.zip} or {@code SparkContext.addFile}; each JVM finds its copy with
 *       {@code SparkFiles.get("my-model.zip")}.</li>
 * </ul>
 *
 * @param bundlePath a bundle path readable on every node, or {@code null}
 * @param shippedBundle the file name of a bundle zip shipped with {@code --files}/{@code addFile}, or {@code null}
 * @param engine the DJL engine ({@code OnnxRuntime}, {@code PyTorch}), or {@code null} to choose by the bundle
 * @param batchSize the most images per forward pass
 */
public record SparkClassifierOptions(String bundlePath, String shippedBundle, String engine, int batchSize)
        implements Serializable {

    /** Validates. */
    public SparkClassifierOptions {
        if (bundlePath != null && shippedBundle != null) {
            throw new IllegalArgumentException("give a bundle path or a shipped bundle, not both");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /** @return the options for the bundled default model */
    public static SparkClassifierOptions defaults() {
        return builder().build();
    }

    /** @return a builder; every setting is optional */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how the model is named in messages */
    String describe() {
        if (shippedBundle != null) {
            return "shipped bundle " + shippedBundle;
        }
        return bundlePath != null ? "bundle " + bundlePath : "the bundled default model";
    }

    /** Builds {@link SparkClassifierOptions}. Not thread-safe. */
    public static final class Builder {
        private String bundlePath;
        private String shippedBundle;
        private String engine;
        private int batchSize = 16;

        private Builder() {}

        /**
         * @param path a bundle folder or zip at a path every executor can read
         * @return this builder
         */
        public Builder optBundlePath(String path) {
            this.bundlePath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * @param fileName the name of a bundle zip shipped with {@code spark-submit --files} or
         *     {@code SparkContext.addFile} (the file name only, for example {@code my-model.zip})
         * @return this builder
         */
        public Builder optShippedBundle(String fileName) {
            this.shippedBundle = Objects.requireNonNull(fileName, "fileName");
            return this;
        }

        /** @param engine {@code OnnxRuntime} or {@code PyTorch}; null chooses by the bundle @return this builder */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * @param batchSize the most images per forward pass (default 16)
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @return the options */
        public SparkClassifierOptions build() {
            return new SparkClassifierOptions(bundlePath, shippedBundle, engine, batchSize);
        }
    }
}
