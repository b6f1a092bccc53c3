package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * Random erasing ("cutout"): a rectangle of the image is replaced by one grey level, which teaches a model not
 * to rely on any single region. Stateless and thread-safe.
 */
public final class Cutout {

    private Cutout() {}

    /**
     * Fills a rectangle, clipped to the image, with one level.
     *
     * @param image the image
     * @param x left column
     * @param y top row
     * @param width width in pixels, non-negative; 0 returns the input
     * @param height height in pixels, non-negative; 0 returns the input
     * @param fill the level as a fraction of the maximum value, {@code [0, 1]}
     * @return a new image of the same size and depth
     */
    public static XrayImage erase(XrayImage image, int x, int y, int width, int height, double fill) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("erase size must be non-negative, got " + width + "x" + height);
        }
        if (!(fill >= 0 && fill <= 1)) {
            throw new IllegalArgumentException("erase fill must be a fraction in [0, 1], got " + fill);
        }
        if (width == 0 || height == 0) {
            return image;
        }
        Plane plane = Plane.copyOf(image);
        plane.fillRect(x, y, width, height, (int) Math.round(fill * plane.maxValue));
        return plane.toImage(image.source());
    }
}
