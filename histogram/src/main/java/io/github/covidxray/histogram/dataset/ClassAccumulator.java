package io.github.covidxray.histogram.dataset;

import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Running sums for one class, from which its {@link ClassSummary} is made. Memory is fixed in the number of
 * images except for one double per image and statistic.
 *
 * <p>Bin sums are exact ({@link ExactSum}), so accumulators filled with parts of a class in any grouping
 * and then {@link #merge merged} give bit-for-bit the summary of one accumulator fed every image: this is
 * what lets a cluster compute the same class histograms as {@link DatasetHistogramAnalyzer}. Per-image
 * statistic values are kept in the order they were added (and merged). Serializable, so that partial
 * accumulators can travel between machines; not thread-safe.
 */
public final class ClassAccumulator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String label;
    private final int bins;
    private final ExactSum[] sum;
    private final ExactSum[] sumSquares;
    private final long[] pooled;
    private final int[] scratch;
    private final EnumMap<Statistic, double[]> values = new EnumMap<>(Statistic.class);
    private int images;

    /**
     * @param label the class label
     * @param bins the number of class-histogram bins (see {@link DatasetHistogramAnalyzer.Builder#optBins})
     */
    public ClassAccumulator(String label, int bins) {
        this.label = Objects.requireNonNull(label, "label");
        if (bins < 2 || bins > 65536) {
            throw new IllegalArgumentException("bins must be 2..65536, got " + bins);
        }
        this.bins = bins;
        this.sum = new ExactSum[bins];
        this.sumSquares = new ExactSum[bins];
        for (int b = 0; b < bins; b++) {
            sum[b] = new ExactSum();
            sumSquares[b] = new ExactSum();
        }
        this.pooled = new long[bins];
        this.scratch = new int[bins];
        for (Statistic s : Statistic.values()) {
            values.put(s, new double[64]);
        }
    }

    /**
     * Adds one image's histogram, re-binned into this accumulator's bins.
     *
     * @param h the image's histogram
     */
    public void add(ImageHistogram h) {
        Arrays.fill(scratch, 0);
        int from = h.bins();
        for (int b = 0; b < from; b++) {
            scratch[(int) ((long) b * bins / from)] += h.count(b);
        }
        double inv = 1.0 / h.total();
        for (int b = 0; b < bins; b++) {
            double p = scratch[b] * inv;
            sum[b].add(p);
            sumSquares[b].add(p * p);
            pooled[b] += scratch[b];
        }
        ensureCapacity(images + 1);
        for (Map.Entry<Statistic, double[]> e : values.entrySet()) {
            e.getValue()[images] = e.getKey().ofUnitScale(h.stats(), h.maxValue());
        }
        images++;
    }

    /**
     * Adds everything another accumulator of the same class and bins has seen; its per-image values come
     * after this one's.
     *
     * @param other the other accumulator (not changed)
     * @throws IllegalArgumentException if its label or bin count differs
     */
    public void merge(ClassAccumulator other) {
        if (!other.label.equals(label) || other.bins != bins) {
            throw new IllegalArgumentException("cannot merge " + other.label + "/" + other.bins + " bins into "
                    + label + "/" + bins + " bins");
        }
        for (int b = 0; b < bins; b++) {
            sum[b].addAll(other.sum[b]);
            sumSquares[b].addAll(other.sumSquares[b]);
            pooled[b] += other.pooled[b];
        }
        ensureCapacity(images + other.images);
        for (Map.Entry<Statistic, double[]> e : values.entrySet()) {
            System.arraycopy(other.values.get(e.getKey()), 0, e.getValue(), images, other.images);
        }
        images += other.images;
    }

    private void ensureCapacity(int needed) {
        for (Map.Entry<Statistic, double[]> e : values.entrySet()) {
            if (e.getValue().length < needed) {
                e.setValue(Arrays.copyOf(e.getValue(), Math.max(needed, e.getValue().length * 2)));
            }
        }
    }

    /** @return the class label */
    public String label() {
        return label;
    }

    /** @return the number of images added */
    public int images() {
        return images;
    }

    /**
     * @return the class summary of everything added so far
     * @throws IllegalStateException if no image was added
     */
    public ClassSummary summary() {
        if (images == 0) {
            throw new IllegalStateException("class '" + label + "' has no images");
        }
        double[] mean = new double[bins];
        double[] sd = new double[bins];
        for (int b = 0; b < bins; b++) {
            mean[b] = sum[b].value() / images;
            sd[b] = Math.sqrt(Math.max(0, sumSquares[b].value() / images - mean[b] * mean[b]));
        }
        EnumMap<Statistic, double[]> trimmed = new EnumMap<>(Statistic.class);
        values.forEach((k, v) -> trimmed.put(k, Arrays.copyOf(v, images)));
        return new ClassSummary(label, images, mean, sd, pooled, trimmed);
    }
}
