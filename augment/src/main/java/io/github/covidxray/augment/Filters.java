package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * Neighbourhood and noise operations at the image's true bit depth: Gaussian blur, unsharp-mask sharpening and
 * additive Gaussian noise. Results are rounded and clamped to {@code [0, maxValue]}, never wrapped.
 *
 * <p>Stateless and thread-safe.
 */
public final class Filters {

    /** Largest blur sigma accepted, in pixels; wider kernels are not an augmentation any more. */
    public static final double MAX_SIGMA = 50;

    private Filters() {}

    /**
     * Separable Gaussian blur, edges extended.
     *
     * @param image the image
     * @param sigma standard deviation in pixels, {@code [0, MAX_SIGMA]}; 0 returns the input
     * @return a new image of the same size and depth
     */
    public static XrayImage gaussianBlur(XrayImage image, double sigma) {
        requireSigma(sigma);
        if (sigma == 0) {
            return image;
        }
        return GaussianBlur.blur(Plane.copyOf(image), sigma).toImage(image.source());
    }

    /**
     * Unsharp mask: adds {@code amount} times the difference between the image and its blur.
     *
     * @param image the image
     * @param sigma standard deviation of the blur in pixels, {@code (0, MAX_SIGMA]}
     * @param amount non-negative; 0 returns the input
     * @return a new image of the same size and depth
     */
    public static XrayImage sharpen(XrayImage image, double sigma, double amount) {
        requireSigma(sigma);
        if (!(amount >= 0) || !Double.isFinite(amount)) {
            throw new IllegalArgumentException("sharpen amount must be a finite number >= 0, got " + amount);
        }
        if (amount == 0 || sigma == 0) {
            return image;
        }
        return GaussianBlur.sharpen(Plane.copyOf(image), sigma, amount).toImage(image.source());
    }

    /**
     * Adds zero-mean Gaussian noise; the same seed gives the same noise.
     *
     * @param image the image
     * @param sigma standard deviation as a fraction of the maximum value, {@code [0, 1]}; 0 returns the input
     * @param seed the noise seed
     * @return a new image of the same size and depth
     */
    public static XrayImage gaussianNoise(XrayImage image, double sigma, long seed) {
        if (!(sigma >= 0 && sigma <= 1)) {
            throw new IllegalArgumentException("noise sigma must be a fraction in [0, 1], got " + sigma);
        }
        if (sigma == 0) {
            return image;
        }
        Plane plane = Plane.copyOf(image);
        GaussianNoise.addInPlace(plane, sigma * plane.maxValue, seed);
        return plane.toImage(image.source());
    }

    static void requireSigma(double sigma) {
        if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
            throw new IllegalArgumentException("blur sigma must be in [0, " + MAX_SIGMA + "] pixels, got " + sigma);
        }
    }
}
