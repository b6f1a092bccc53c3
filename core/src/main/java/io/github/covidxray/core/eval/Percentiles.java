package io.github.covidxray.core.eval;

import java.util.Arrays;

/** Quantiles of bootstrap replicates for percentile intervals. */
final class Percentiles {

    private Percentiles() {}

    /**
     * The percentile interval: the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles of the
     * replicates that are not NaN, interpolating linearly between order statistics (the definition R
     * calls type 7 and NumPy uses by default).
     *
     * @return {@code {lower, upper}}, both NaN when no replicate is a number
     */
    static double[] interval(double[] replicates, double level) {
        double[] values = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {quantile(values, (1 - level) / 2), quantile(values, (1 + level) / 2)};
    }

    /** @param sorted ascending values, at least one */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
