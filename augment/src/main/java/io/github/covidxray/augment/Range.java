package io.github.covidxray.augment;

import java.util.random.RandomGenerator;

/**
 * A closed interval {@code [min, max]} from which an augmentation parameter is drawn uniformly.
 *
 * <p>Immutable and thread-safe.
 *
 * @param min the smallest value that can be drawn
 * @param max the largest value; equal to {@code min} for a fixed value
 */
public record Range(double min, double max) {

    /**
     * Validates the bounds.
     *
     * @param min lower bound, finite
     * @param max upper bound, finite and at least {@code min}
     * @throws IllegalArgumentException if a bound is not finite or {@code min > max}
     */
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("range bounds must be finite, got [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("range min must be <= max, got [" + min + ", " + max + "]");
        }
    }

    /**
     * @param min lower bound
     * @param max upper bound
     * @return the range {@code [min, max]}
     */
    public static Range of(double min, double max) {
        return new Range(min, max);
    }

    /**
     * @param halfWidth a non-negative number
     * @return the range {@code [-halfWidth, halfWidth]}
     */
    public static Range symmetric(double halfWidth) {
        return new Range(-halfWidth, halfWidth);
    }

    /**
     * @param value the only value
     * @return a range that always draws {@code value}
     */
    public static Range fixed(double value) {
        return new Range(value, value);
    }

    /**
     * Draws a value uniformly; consumes exactly one {@code nextDouble()} from {@code random} whatever the range,
     * so that fixing one parameter does not shift the draws of the others.
     *
     * @param random the generator
     * @return a value in {@code [min, max]}
     */
    public double draw(RandomGenerator random) {
        double u = random.nextDouble();
        return min == max ? min : Math.min(max, min + (max - min) * u);
    }

    /**
     * @param value a value
     * @return whether {@code min <= value <= max}
     */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** @return {@code max - min} */
    public double width() {
        return max - min;
    }

    /**
     * Checks that this range lies inside {@code [lowest, highest]}.
     *
     * @param parameter the parameter's name, for the message
     * @param lowest the smallest allowed value
     * @param highest the largest allowed value
     * @return this range
     * @throws IllegalArgumentException naming the parameter, the allowed and the given interval
     */
    Range requireWithin(String parameter, double lowest, double highest) {
        if (min < lowest || max > highest) {
            throw new IllegalArgumentException(parameter + " range must lie within [" + lowest + ", " + highest
                    + "], got [" + min + ", " + max + "]");
        }
        return this;
    }

    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
