package io.github.covidxray.histogram.compare;

/** Standardised effect sizes between two samples. Stateless. */
public final class EffectSize {

    private EffectSize() {}

    /**
     * Cohen's d: the difference of the means over the pooled sample standard deviation
     * {@code sqrt(((na - 1) sa^2 + (nb - 1) sb^2) / (na + nb - 2))}. Positive when {@code a} is larger.
     * Conventional reading: 0.2 small, 0.5 medium, 0.8 large.
     *
     * @param a first sample, at least one value
     * @param b second sample, at least one value; {@code a.length + b.length >= 3}
     * @return d; 0 when both samples are constant and equal, infinite when constant and different
     * @throws IllegalArgumentException if the samples are too small
     */
    public static double cohensD(double[] a, double[] b) {
        if (a.length < 1 || b.length < 1 || a.length + b.length < 3) {
            throw new IllegalArgumentException("Cohen's d needs at least 1 value per sample and 3 in all, got "
                    + a.length + " and " + b.length);
        }
        double ma = mean(a);
        double mb = mean(b);
        double pooled = Math.sqrt((sumSquares(a, ma) + sumSquares(b, mb)) / (a.length + b.length - 2));
        double diff = ma - mb;
        if (pooled == 0) {
            return diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
        }
        return diff / pooled;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sumSquares(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s;
    }
}
