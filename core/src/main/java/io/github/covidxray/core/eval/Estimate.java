package io.github.covidxray.core.eval;

/**
 * A metric's value on the evaluated data and its bootstrap confidence interval. Immutable and
 * thread-safe.
 *
 * @param value the point estimate, {@code NaN} when the metric is undefined on the data
 * @param lower the lower end of the interval, {@code NaN} when there is no interval
 * @param upper the upper end of the interval, {@code NaN} when there is no interval
 */
public record Estimate(double value, double lower, double upper) {

    /**
     * @param value the point estimate
     * @return an estimate without an interval
     */
    public static Estimate of(double value) {
        return new Estimate(value, Double.NaN, Double.NaN);
    }

    /** @return whether both ends of the interval are known */
    public boolean hasInterval() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }

    /**
     * @param x a value
     * @return whether {@code lower <= x <= upper}
     */
    public boolean contains(double x) {
        return hasInterval() && lower <= x && x <= upper;
    }
}
