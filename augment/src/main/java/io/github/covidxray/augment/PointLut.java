package io.github.covidxray.augment;

/**
 * Composes consecutive grey-level mappings into one lookup table, then applies it in one pass.
 *
 * <p>Values stay in double precision between mappings (clamped after each, as if applied one by one) and are
 * rounded once at the end. A mapping that needs the image mean gets the mean of the image as transformed by the
 * mappings before it, computed from a histogram through the table; on images taller than
 * {@value #MEAN_SAMPLE_ROWS} rows the histogram counts evenly spaced rows only, which estimates the mean
 * closely at a fraction of the cost.
 *
 * <p>Not thread-safe.
 */
final class PointLut {

    static final int MEAN_SAMPLE_ROWS = 256;

    private final Plane plane;
    private final double[] levels;
    private int[] histogram;
    private long histogramCount;

    PointLut(Plane plane) {
        this.plane = plane;
        this.levels = new double[plane.maxValue + 1];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i;
        }
    }

    /** Appends a mapping. */
    void then(PointFunction function) {
        double max = plane.maxValue;
        double mean = function.usesMean() ? currentMean() : 0;
        for (int i = 0; i < levels.length; i++) {
            double v = function.map(levels[i], max, mean);
            levels[i] = v < 0 ? 0 : Math.min(v, max);
        }
    }

    /** Applies the composed table to the plane in place. */
    void applyInPlace() {
        int[] lut = new int[levels.length];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (int) Math.round(levels[i]);
        }
        plane.applyLut(lut);
    }

    private double currentMean() {
        if (histogram == null) {
            histogram = plane.histogram(Math.max(1, plane.height / MEAN_SAMPLE_ROWS));
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
