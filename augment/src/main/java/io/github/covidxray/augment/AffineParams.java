package io.github.covidxray.augment;

/**
 * The parameters of one affine augmentation, applied about the image centre in the order scale, shear, rotate,
 * translate.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rotationDegrees counter-clockwise rotation on screen, degrees
 * @param translateX shift to the right as a fraction of the width
 * @param translateY shift down as a fraction of the height
 * @param scale zoom factor, above 1 enlarges the content
 * @param shearXDegrees horizontal shear angle, degrees: {@code x' = x + tan(angle) y}
 * @param shearYDegrees vertical shear angle, degrees: {@code y' = y + tan(angle) x}
 */
public record AffineParams(double rotationDegrees, double translateX, double translateY, double scale,
        double shearXDegrees, double shearYDegrees) {

    /** Parameters that leave the image unchanged. */
    public static final AffineParams IDENTITY = new AffineParams(0, 0, 0, 1, 0, 0);

    /**
     * Rejects a non-positive scale and shears of 90 degrees or more.
     *
     * @param rotationDegrees see the record description
     * @param translateX see the record description
     * @param translateY see the record description
     * @param scale see the record description
     * @param shearXDegrees see the record description
     * @param shearYDegrees see the record description
     */
    public AffineParams {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
        if (!(Math.abs(shearXDegrees) < 90) || !(Math.abs(shearYDegrees) < 90)) {
            throw new IllegalArgumentException(
                    "shear angles must be within (-90, 90) degrees, got " + shearXDegrees + ", " + shearYDegrees);
        }
    }

    /**
     * @param degrees counter-clockwise rotation
     * @return parameters for a pure rotation
     */
    public static AffineParams rotation(double degrees) {
        return new AffineParams(degrees, 0, 0, 1, 0, 0);
    }

    /**
     * The forward map for an image of the given size.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @return the matrix taking source coordinates to output coordinates
     */
    public AffineMatrix toMatrix(int width, int height) {
        double cx = width / 2.0;
        double cy = height / 2.0;
        double shx = Math.tan(Math.toRadians(shearXDegrees));
        double shy = Math.tan(Math.toRadians(shearYDegrees));
        AffineMatrix m = AffineMatrix.linearAbout(scale, 0, 0, scale, cx, cy);
        if (shx != 0 || shy != 0) {
            m = m.then(AffineMatrix.linearAbout(1, shx, shy, 1, cx, cy));
        }
        if (rotationDegrees != 0) {
            m = m.then(AffineMatrix.rotation(rotationDegrees, cx, cy));
        }
        return m.then(AffineMatrix.translation(translateX * width, translateY * height));
    }
}
