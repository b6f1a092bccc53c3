package io.github.covidxray.histogram.dataset;

import java.util.Arrays;

/**
 * Five-number summary plus mean and standard deviation of one per-image statistic over a class. An
 * immutable value.
 *
 * @param n the number of images
 * @param mean the mean
 * @param sd the sample standard deviation (divisor n - 1; 0 for one image)
 * @param min the smallest value
 * @param q1 the first quartile (linear interpolation between order statistics)
 * @param median the median
 * @param q3 the third quartile
 * @param max the largest value
 */
public record StatSummary(int n, double mean, double sd, double min, double q1, double median, double q3,
        double max) {

    /**
     * Summarises values.
     *
     * @param values at least one value (not modified)
     * @return the summary
     * @throws IllegalArgumentException if there is no value
     */
    public static StatSummary of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double mean = sum / s.length;
        double ss = 0;
        for (double v : s) {
            ss += (v - mean) * (v - mean);
        }
        double sd = s.length > 1 ? Math.sqrt(ss / (s.length - 1)) : 0;
        return new StatSummary(s.length, mean, sd, s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75),
                s[s.length - 1]);
    }

    /** Quantile of sorted data by linear interpolation (numpy's default, R type 7). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
