package io.github.covidxray.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to open a {@link CovidClassifier}: the bundle (required) and optional engine, pool and thread
 * settings. Immutable; build with {@link #builder()}.
 *
 * @param bundle the model bundle folder or zip
 * @param engine the DJL engine to use ({@code OnnxRuntime} or {@code PyTorch}), or {@code null} to choose by
 *     the bundle's format
 * @param poolSize the number of predictors, i.e. concurrent forward passes
 * @param maxBatchSize the most images per forward pass in {@link CovidClassifier#classify(java.util.List)}
 * @param intraOpThreads threads inside one operator, or 0 for {@link #effectiveIntraOpThreads() automatic}
 * @param interOpThreads threads across operators, or 0 for the engine default
 * @param engineOptions further engine-specific options passed to DJL's {@code Criteria.optOption}
 *     (for ONNX Runtime, for example, {@code optLevel=ALL_OPT})
 * @param pixelBudget the most decoded pixels {@link CovidClassifier#classifyAll} and
 *     {@link CovidClassifier#classifyEach} hold at once (images read ahead plus the batch on the engine),
 *     counted from image headers before decoding; an image larger than the budget is decoded alone
 * @param decodeThreads threads that read, decode and prepare inputs for each {@link CovidClassifier#classifyAll}
 *     or {@link CovidClassifier#classifyEach} call, or 0 for {@link #effectiveDecodeThreads() automatic}
 */
public record ClassifierOptions(
        Path bundle, String engine, int poolSize, int maxBatchSize, int intraOpThreads, int interOpThreads,
        Map<String, String> engineOptions, long pixelBudget, int decodeThreads) {

    /**
     * The default {@link #pixelBudget()}: 32 million pixels, at most 64 MB of decoded 16-bit images; three
     * full-size detector images, or hundreds of the small PNGs public datasets ship.
     */
    public static final long DEFAULT_PIXEL_BUDGET = 32L << 20;

    /** Validates and copies. */
    public ClassifierOptions {
        Objects.requireNonNull(bundle, "bundle");
        if (pixelBudget < 1) {
            throw new IllegalArgumentException("pixelBudget must be >= 1, got " + pixelBudget);
        }
        if (decodeThreads < 0) {
            throw new IllegalArgumentException("decodeThreads must be >= 0 (0 = automatic), got " + decodeThreads);
        }
        if (poolSize < 1 || maxBatchSize < 1 || intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("poolSize and maxBatchSize must be >= 1 and thread counts >= 0, got pool="
                    + poolSize + " batch=" + maxBatchSize + " intra=" + intraOpThreads + " inter=" + interOpThreads);
        }
        engineOptions = Map.copyOf(engineOptions);
    }

    /**
     * The intra-op threads each forward pass gets: {@link #intraOpThreads()} when set. Otherwise, with one
     * predictor, the processors the decoder threads leave ({@link #effectiveDecodeThreads()}), so the batch path
     * keeps every core busy without oversubscribing them; with several (concurrent callers, such as a
     * service's request threads), the processors divided by {@link #poolSize()}, at least 1.
     * Oversubscribed threads do not degrade gently: measured here, a PyTorch MobileNetV2 pass went from 19 ms
     * to over a second with one core busy elsewhere, and ONNX Runtime's spinning threads take the decoders' time.
     *
     * @return the thread count, at least 1
     */
    public int effectiveIntraOpThreads() {
        if (intraOpThreads > 0) {
            return intraOpThreads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (poolSize == 1) {
            return Math.max(1, cores - effectiveDecodeThreads());
        }
        return Math.max(1, cores / poolSize);
    }

    /**
     * The threads that read, decode and prepare inputs for each {@link CovidClassifier#classifyAll} or
     * {@link CovidClassifier#classifyEach} call: {@link #decodeThreads()} when set; otherwise, when the
     * intra-op threads are set, the processors they leave (at least one); otherwise a third of the processors,
     * at least one. A third because decoding and preparing a 256x256 PNG for the default model takes about
     * half the CPU time of its forward pass (measured: 0.85 vs 1.56 ms on one core); on 2 cores this gives one
     * decoder and one engine thread, which classified 333 files faster and with less CPU than two engine
     * threads beside the decoder (benchmarks/README.md). A process that shares the machine (a Spark task) sets
     * its own.
     *
     * @return the decoder thread count, at least 1
     */
    public int effectiveDecodeThreads() {
        if (decodeThreads > 0) {
            return decodeThreads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (intraOpThreads > 0) {
            return Math.max(1, cores - intraOpThreads);
        }
        return Math.max(1, cores / 3);
    }

    /** @return a builder; {@link Builder#setBundle} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ClassifierOptions}. */
    public static final class Builder {
        private Path bundle;
        private String engine;
        private int poolSize = Runtime.getRuntime().availableProcessors();
        private int maxBatchSize = 8;
        private int intraOpThreads;
        private int interOpThreads;
        private final Map<String, String> engineOptions = new TreeMap<>();
        private long pixelBudget = DEFAULT_PIXEL_BUDGET;
        private int decodeThreads;

        private Builder() {}

        /** @param bundle the model bundle folder or zip @return this builder */
        public Builder setBundle(Path bundle) {
            this.bundle = bundle;
            return this;
        }

        /** @param engine {@code OnnxRuntime} or {@code PyTorch}; null chooses by format @return this builder */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /** @param poolSize concurrent forward passes (default: available processors) @return this builder */
        public Builder optPoolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** @param maxBatchSize images per forward pass (default 8) @return this builder */
        public Builder optMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * @param threads threads inside one operator (0, the default: processors / pool size, see
         *     {@link ClassifierOptions#effectiveIntraOpThreads()})
         * @return this builder
         */
        public Builder optIntraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** @param threads threads across operators (0 = engine default) @return this builder */
        public Builder optInterOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        /** @param key engine option name @param value its value @return this builder */
        public Builder optEngineOption(String key, String value) {
            engineOptions.put(key, value);
            return this;
        }

        /**
         * @param pixels the most decoded pixels the batch path holds at once (default
         *     {@link ClassifierOptions#DEFAULT_PIXEL_BUDGET})
         * @return this builder
         */
        public Builder optPixelBudget(long pixels) {
            this.pixelBudget = pixels;
            return this;
        }

        /**
         * @param threads threads reading, decoding and preparing inputs per batch call (0, the default: the
         *     processors the engine leaves, see {@link ClassifierOptions#effectiveDecodeThreads()})
         * @return this builder
         */
        public Builder optDecodeThreads(int threads) {
            this.decodeThreads = threads;
            return this;
        }

        /** @return the options */
        public ClassifierOptions build() {
            if (bundle == null) {
                throw new IllegalStateException("setBundle(...) is required");
            }
            return new ClassifierOptions(bundle, engine, poolSize, maxBatchSize, intraOpThreads, interOpThreads,
                    engineOptions, pixelBudget, decodeThreads);
        }
    }
}
