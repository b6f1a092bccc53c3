package io.github.covidxray.augment;

import io.github.covidxray.core.ContrastEnhancement;
import io.github.covidxray.core.XrayImage;

/**
 * Grey-level operations at the image's true bit depth: brightness, contrast and gamma. Histogram equalisation and
 * CLAHE are in core's {@link ContrastEnhancement}. Each operation here builds a lookup table
 * with one entry per grey level (256 for 8-bit images, up to 65536 for 16-bit ones) and applies it in one pass;
 * results are rounded to the nearest level and clamped to {@code [0, maxValue]}, never wrapped.
 *
 * <p>Stateless and thread-safe.
 */
public final class Intensity {

    private Intensity() {}

    /**
     * Adds a constant, like moving the window level.
     *
     * @param image the image
     * @param delta the shift as a fraction of the maximum value, {@code [-1, 1]}; 0 changes nothing
     * @return a new image of the same size and depth
     */
    public static XrayImage brightness(XrayImage image, double delta) {
        requireFinite("brightness delta", delta);
        return map(image, PointFunction.brightness(delta));
    }

    /**
     * Scales the distance of every level from the image mean. The mean is estimated on a grid of about 64 x 64
     * evenly spaced pixels: exact enough for a pivot, and cheap on large images.
     *
     * @param image the image
     * @param factor non-negative; 1 changes nothing, 0 gives a flat image at the mean
     * @return a new image of the same size and depth
     */
    public static XrayImage contrast(XrayImage image, double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("contrast factor must be a finite number >= 0, got " + factor);
        }
        return map(image, PointFunction.contrast(factor));
    }

    /**
     * Applies {@code max (v / max)^gamma}: below 1 brightens the mid-tones, above 1 darkens them; black and
     * white stay put.
     *
     * @param image the image
     * @param gamma positive; 1 changes nothing
     * @return a new image of the same size and depth
     */
    public static XrayImage gamma(XrayImage image, double gamma) {
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number > 0, got " + gamma);
        }
        return ContrastEnhancement.gamma(image, gamma); // the same mapping as the gamma step's table
    }

    private static XrayImage map(XrayImage image, PointFunction function) {
        Plane plane = Plane.copyOf(image);
        PointLut lut = PointLut.forPlane(plane);
        lut.then(function);
        plane.applyLut(lut.table());
        return plane.toImage(image.source());
    }

    static void requireFinite(String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(parameter + " must be a finite number, got " + value);
        }
    }
}
