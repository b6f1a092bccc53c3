package io.github.covidxray.augment;

/**
 * A grey-level mapping applied through a lookup table; never called per pixel.
 */
@FunctionalInterface
interface PointFunction {

    /**
     * @param v the current level, in {@code [0, max]}
     * @param max the image's maximum value
     * @param mean the mean level of the image at this point of the pipeline (0 unless {@link #usesMean()})
     * @return the new level, before clamping
     */
    double map(double v, double max, double mean);

    /** @return whether {@link #map} needs the image mean */
    default boolean usesMean() {
        return false;
    }

    /**
     * @param delta shift as a fraction of the maximum value
     * @return {@code v + delta * max}
     */
    static PointFunction brightness(double delta) {
        return (v, max, mean) -> v + delta * max;
    }

    /**
     * @param factor 1 leaves the image unchanged, above 1 spreads levels away from the mean
     * @return {@code mean + factor (v - mean)}
     */
    static PointFunction contrast(double factor) {
        return new PointFunction() {
            @Override
            public double map(double v, double max, double mean) {
                return mean + factor * (v - mean);
            }

            @Override
            public boolean usesMean() {
                return true;
            }
        };
    }

    /**
     * @param gamma the exponent; below 1 brightens mid-tones, above 1 darkens them
     * @return {@code max (v / max)^gamma}
     */
    static PointFunction gamma(double gamma) {
        return (v, max, mean) -> max * Math.pow(v / max, gamma);
    }
}
