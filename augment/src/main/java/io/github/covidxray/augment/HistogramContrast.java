package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * Histogram-based contrast enhancement as an augmentation: global equalisation (blended with the original by a
 * strength) and CLAHE. Both work on the full grey-level range of the image's bit depth.
 *
 * <p>Stateless and thread-safe.
 */
public final class HistogramContrast {

    /** The usual CLAHE grid: 8 x 8 tiles. */
    public static final int DEFAULT_TILES = 8;

    private HistogramContrast() {}

    /**
     * Global histogram equalisation, blended with the original.
     *
     * @param image the image
     * @param strength in {@code [0, 1]}: 0 returns the input unchanged, 1 equalises fully
     * @return a new image of the same size and depth
     */
    public static XrayImage equalize(XrayImage image, double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("equalisation strength must be in [0, 1], got " + strength);
        }
        if (strength == 0) {
            return image;
        }
        Plane plane = Plane.copyOf(image);
        Equalization.applyInPlace(plane, strength);
        return plane.toImage(image.source());
    }

    /**
     * Contrast-limited adaptive histogram equalisation.
     *
     * @param image the image
     * @param clipLimit at least 1 (no contrast gain); 2 to 4 is typical for radiographs
     * @param tiles tiles across and down, at least 1
     * @return a new image of the same size and depth
     */
    public static XrayImage clahe(XrayImage image, double clipLimit, int tiles) {
        requireClipLimit(clipLimit);
        if (tiles < 1) {
            throw new IllegalArgumentException("CLAHE tiles must be at least 1, got " + tiles);
        }
        return Clahe.apply(Plane.copyOf(image), clipLimit, tiles).toImage(image.source());
    }

    static void requireClipLimit(double clipLimit) {
        if (!(clipLimit >= 1) || !Double.isFinite(clipLimit)) {
            throw new IllegalArgumentException("CLAHE clip limit must be a finite number >= 1, got " + clipLimit);
        }
    }
}
