package io.github.covidxray.augment;

import java.util.function.Supplier;

/**
 * Composes consecutive grey-level mappings into one lookup table.
 *
 * <p>Values stay in double precision between mappings (clamped after each, as if applied one by one) and are
 * rounded once at the end. A mapping that needs the image mean gets the mean of the image as transformed by the
 * mappings before it, computed from a histogram through the table. That histogram counts a grid of about
 * {@value #GRID} x {@value #GRID} evenly spaced pixels, which estimates the mean closely at a fraction of the
 * cost of a full pass; it is only computed if a mapping needs it.
 *
 * <p>Not thread-safe.
 */
final class PointLut {

    static final int GRID = 64;

    private final int maxValue;
    private final double[] levels;
    private final Supplier<int[]> histogramSource;
    private int[] histogram;
    private long histogramCount;

    /**
     * @param maxValue the image's maximum value
     * @param histogramSource supplies the grey-level counts of the image the table will be applied to
     */
    PointLut(int maxValue, Supplier<int[]> histogramSource) {
        this.maxValue = maxValue;
        this.histogramSource = histogramSource;
        this.levels = new double[maxValue + 1];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i;
        }
    }

    /** @return a table for the given plane, its mean estimated on the plane's sampling grid */
    static PointLut forPlane(Plane plane) {
        return new PointLut(plane.maxValue, () -> plane.histogram(rowStride(plane), colStride(plane)));
    }

    static int rowStride(Plane plane) {
        return Math.max(1, plane.height / GRID);
    }

    static int colStride(Plane plane) {
        return Math.max(1, plane.width / GRID);
    }

    /** Appends a mapping. */
    void then(PointFunction function) {
        double max = maxValue;
        double mean = function.usesMean() ? currentMean() : 0;
        for (int i = 0; i < levels.length; i++) {
            double v = function.map(levels[i], max, mean);
            levels[i] = v < 0 ? 0 : Math.min(v, max);
        }
    }

    /** @return the composed table, rounded to levels in {@code [0, maxValue]} */
    int[] table() {
        int[] lut = new int[levels.length];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (int) Math.round(levels[i]);
        }
        return lut;
    }

    private double currentMean() {
        if (histogram == null) {
            histogram = histogramSource.get();
            for (int c : histogram) {
                histogramCount += c;
            }
        }
        double sum = 0;
        for (int i = 0; i < histogram.length; i++) {
            if (histogram[i] != 0) {
                sum += histogram[i] * levels[i];
            }
        }
        return sum / histogramCount;
    }
}
