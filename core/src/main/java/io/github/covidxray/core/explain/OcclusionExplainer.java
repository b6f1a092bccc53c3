package io.github.covidxray.core.explain;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion sensitivity: lays a grid over the image as read, blanks a patch centred on each cell with the
 * image's mean intensity ({@link Blanking}), classifies the blanked copies, and records how much the explained
 * class's probability drops (clamped at 0). Needs nothing from the model but
 * {@link CovidClassifier#classify(List)}, so it explains any bundle, including a {@code .onnx} or {@code .pt}
 * exported from Python.
 *
 * <p>Cost: one forward pass per cell plus one for the unblanked image ({@code rows * cols + 1}), batched.
 * Memory: blanked copies are made one batch at a time, and the batch is shrunk so that the copies fit
 * {@link Builder#optMemoryBudgetBytes(long)}.
 *
 * <p>Immutable and thread-safe: one instance can serve all threads; concurrency comes from the classifier.
 */
public final class OcclusionExplainer {

    /** Grid rows and columns by default: 8x8 cells, 64 forward passes plus one. */
    public static final int DEFAULT_GRID = 8;

    private static final OcclusionExplainer STANDARD = builder().build();

    private final int rows;
    private final int cols;
    private final double patchScale;
    private final int batchSize;
    private final long memoryBudgetBytes;

    private OcclusionExplainer(Builder b) {
        this.rows = b.rows;
        this.cols = b.cols;
        this.patchScale = b.patchScale;
        this.batchSize = b.batchSize;
        this.memoryBudgetBytes = b.memoryBudgetBytes;
    }

    /** @return the explainer with default settings (8x8 grid, patch twice a cell, batches of 16) */
    public static OcclusionExplainer standard() {
        return STANDARD;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Explains the classifier's answer (its most probable label) for an image.
     *
     * @param classifier any classifier
     * @param image the image, as read
     * @return the prediction for the unblanked image and the heatmap of its label
     * @throws TranslateException if the engine fails
     */
    public Explanation explain(CovidClassifier classifier, XrayImage image) throws TranslateException {
        return explain(classifier, image, null);
    }

    /**
     * Explains one class's probability for an image.
     *
     * @param classifier any classifier
     * @param image the image, as read
     * @param label the class to explain, or {@code null} for the predicted label
     * @return the prediction for the unblanked image and the heatmap of {@code label}
     * @throws TranslateException if the engine fails
     * @throws IllegalArgumentException if {@code label} is not one of the model's classes
     */
    public Explanation explain(CovidClassifier classifier, XrayImage image, String label) throws TranslateException {
        Prediction base = classifier.classify(image);
        String explained = label == null ? base.label() : label;
        double before = base.probability(explained);
        int fill = Blanking.meanValue(image);
        int perBatch = batchFor(image);
        float[] drops = new float[rows * cols];
        List<XrayImage> batch = new ArrayList<>(perBatch);
        int first = 0;
        for (int cell = 0; cell < drops.length; cell++) {
            batch.add(occlude(image, cell / cols, cell % cols, fill));
            if (batch.size() == perBatch || cell == drops.length - 1) {
                List<Prediction> occluded = classifier.classify(batch);
                for (int i = 0; i < occluded.size(); i++) {
                    drops[first + i] = (float) Math.max(0, before - occluded.get(i).probability(explained));
                }
                first += batch.size();
                batch.clear();
            }
        }
        return new Explanation(base, explained, ExplanationMethod.OCCLUSION, new Heatmap(rows, cols, drops));
    }

    /** @return grid rows */
    public int rows() {
        return rows;
    }

    /** @return grid columns */
    public int cols() {
        return cols;
    }

    /** Blanked copies per call: the configured batch, shrunk to the memory budget (at least 1). */
    int batchFor(XrayImage image) {
        long perCopy = (long) image.pixelCount() * image.bytesPerPixel();
        return (int) Math.max(1, Math.min(batchSize, memoryBudgetBytes / Math.max(1, perCopy)));
    }

    private XrayImage occlude(XrayImage image, int row, int col, int fill) {
        int w = image.width();
        int h = image.height();
        // Cell bounds as Heatmap defines them; the patch is centred on the cell and patchScale times its size.
        double cx = (col + 0.5) * w / cols;
        double cy = (row + 0.5) * h / rows;
        double halfW = patchScale * w / cols / 2;
        double halfH = patchScale * h / rows / 2;
        return Blanking.blankRect(image, (int) Math.round(cx - halfW), (int) Math.round(cy - halfH),
                (int) Math.round(cx + halfW), (int) Math.round(cy + halfH), fill);
    }

    /** Settings for an {@link OcclusionExplainer}; all optional. */
    public static final class Builder {
        private int rows = DEFAULT_GRID;
        private int cols = DEFAULT_GRID;
        private double patchScale = 2.0;
        private int batchSize = 16;
        private long memoryBudgetBytes = 256L << 20;

        private Builder() {}

        /**
         * @param rows grid rows, at least 1 (the CLI and service use at least 7)
         * @param cols grid columns, at least 1
         * @return this builder
         */
        public Builder optGrid(int rows, int cols) {
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("grid must be at least 1x1, got " + rows + "x" + cols);
            }
            this.rows = rows;
            this.cols = cols;
            return this;
        }

        /**
         * @param scale patch size as a multiple of a cell (default 2: each patch covers its cell and half of
         *     each neighbour, which smooths the map; 1 gives non-overlapping patches)
         * @return this builder
         */
        public Builder optPatchScale(double scale) {
            if (!(scale > 0 && scale <= 8)) {
                throw new IllegalArgumentException("patch scale must be in (0, 8], got " + scale);
            }
            this.patchScale = scale;
            return this;
        }

        /**
         * @param size blanked copies per call to the classifier (default 16)
         * @return this builder
         */
        public Builder optBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * @param bytes the most pixel memory the blanked copies of one batch may hold (default 256 MiB); the
         *     batch shrinks for large images, down to one copy
         * @return this builder
         */
        public Builder optMemoryBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("memory budget must be positive, got " + bytes);
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /** @return the explainer */
        public OcclusionExplainer build() {
            return new OcclusionExplainer(this);
        }
    }
}
