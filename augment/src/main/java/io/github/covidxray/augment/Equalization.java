package io.github.covidxray.augment;

/**
 * Global histogram equalisation blended with the original: {@code (1 - s) v + s eq(v)}, as one lookup table.
 * Stateless and thread-safe.
 */
final class Equalization {

    private Equalization() {}

    /**
     * @param plane modified in place
     * @param strength 0 keeps the image, 1 equalises fully
     */
    static void applyInPlace(Plane plane, double strength) {
        int[] hist = plane.histogram();
        long n = plane.pixelCount();
        long cdfMin = 0;
        for (int c : hist) {
            if (c != 0) {
                cdfMin = c;
                break;
            }
        }
        int max = plane.maxValue;
        int[] lut = new int[hist.length];
        long cdf = 0;
        for (int v = 0; v < hist.length; v++) {
            cdf += hist[v];
            // A flat image has nothing to spread: keep it.
            double eq = n == cdfMin ? v : (double) Math.max(0, cdf - cdfMin) / (n - cdfMin) * max;
            lut[v] = Plane.clamp(Math.round((1 - strength) * v + strength * eq), max);
        }
        plane.applyLut(lut);
    }
}
