package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * Geometric operations at the image's true bit depth. Output images have the size and depth of their input.
 *
 * <p>Rotation, translation, zoom and shear are one affine map ({@link AffineParams}) and cost one resampling;
 * several maps can be composed with {@link AffineMatrix#then} and applied with {@link #warp} so that the image is
 * still resampled only once.
 *
 * <p>Stateless and thread-safe.
 */
public final class Geometry {

    private Geometry() {}

    /**
     * Resamples an image through an affine map.
     *
     * @param image the image
     * @param forward the map from source to output coordinates (see {@link AffineMatrix} for the convention)
     * @param options interpolation, border handling and fill
     * @return a new image; the input unchanged if {@code forward} is the identity
     * @throws IllegalArgumentException if the map is not invertible
     */
    public static XrayImage warp(XrayImage image, AffineMatrix forward, WarpOptions options) {
        if (forward.isIdentity()) {
            return image;
        }
        return AffineWarp.warp(Plane.copyOf(image), forward, options, null).toImage(image.source());
    }

    /**
     * Rotates, shifts, zooms and shears about the image centre in one resampling.
     *
     * @param image the image
     * @param params the parameters
     * @param options interpolation, border handling and fill
     * @return a new image of the same size and depth
     */
    public static XrayImage affine(XrayImage image, AffineParams params, WarpOptions options) {
        return warp(image, params.toMatrix(image.width(), image.height()), options);
    }

    /**
     * Mirrors left and right by moving pixels (no resampling).
     *
     * <p>Not part of the chest X-ray presets: a mirrored chest has its heart on the wrong side (situs inversus
     * is rare), so a model could learn from anatomy that does not occur in practice.
     *
     * @param image the image
     * @return a new image of the same size and depth
     */
    public static XrayImage flipHorizontal(XrayImage image) {
        Plane plane = Plane.copyOf(image);
        int w = plane.width;
        for (int y = 0; y < plane.height; y++) {
            int o = y * w;
            if (plane.p8 != null) {
                reverse(plane.p8, o, o + w - 1);
            } else {
                reverse(plane.p16, o, o + w - 1);
            }
        }
        return plane.toImage(image.source());
    }

    private static void reverse(byte[] a, int l, int r) {
        for (; l < r; l++, r--) {
            byte t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
    }

    private static void reverse(short[] a, int l, int r) {
        for (; l < r; l++, r--) {
            short t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
    }

    /**
     * Cuts out a rectangle and stretches it to the full image size.
     *
     * @param image the image
     * @param crop the rectangle, in pixels; may extend beyond the image (the border mode fills the rest)
     * @param options interpolation, border handling and fill
     * @return a new image of the input's size and depth
     */
    public static XrayImage resizedCrop(XrayImage image, CropBox crop, WarpOptions options) {
        return warp(image, crop.toMatrix(image.width(), image.height()), options);
    }

    /**
     * A crop rectangle in pixels of continuous image coordinates.
     *
     * @param x left edge
     * @param y top edge
     * @param width width, positive
     * @param height height, positive
     */
    public record CropBox(double x, double y, double width, double height) {

        /**
         * Rejects empty or non-finite rectangles.
         *
         * @param x see the record description
         * @param y see the record description
         * @param width see the record description
         * @param height see the record description
         */
        public CropBox {
            if (!(width > 0) || !(height > 0) || !Double.isFinite(x + y + width + height)) {
                throw new IllegalArgumentException(
                        "crop box must be finite with positive size, got " + width + "x" + height + " at " + x + "," + y);
            }
        }

        /**
         * @param imageWidth output width
         * @param imageHeight output height
         * @return the map taking this rectangle onto {@code [0, imageWidth] x [0, imageHeight]}
         */
        public AffineMatrix toMatrix(int imageWidth, int imageHeight) {
            double sx = imageWidth / width;
            double sy = imageHeight / height;
            return new AffineMatrix(sx, 0, -x * sx, 0, sy, -y * sy);
        }
    }
}
