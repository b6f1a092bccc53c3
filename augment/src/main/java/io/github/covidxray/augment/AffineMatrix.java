package io.github.covidxray.augment;

/**
 * A 2-D affine map {@code (x, y) -> (a x + b y + c, d x + e y + f)} in continuous image coordinates: the
 * top-left corner of the image is {@code (0, 0)}, pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)}, and
 * y points down.
 *
 * <p>Several geometric augmentations are composed into one matrix with {@link #then} so that the image is
 * resampled once, not once per operation. Immutable and thread-safe.
 *
 * @param a x coefficient of the new x
 * @param b y coefficient of the new x
 * @param c constant of the new x
 * @param d x coefficient of the new y
 * @param e y coefficient of the new y
 * @param f constant of the new y
 */
public record AffineMatrix(double a, double b, double c, double d, double e, double f) {

    private static final AffineMatrix IDENTITY = new AffineMatrix(1, 0, 0, 0, 1, 0);

    /**
     * Rejects non-finite coefficients.
     *
     * @param a see the record description
     * @param b see the record description
     * @param c see the record description
     * @param d see the record description
     * @param e see the record description
     * @param f see the record description
     */
    public AffineMatrix {
        for (double v : new double[] {a, b, c, d, e, f}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("affine coefficients must be finite, got "
                        + java.util.Arrays.toString(new double[] {a, b, c, d, e, f}));
            }
        }
    }

    /** @return the map that leaves every point where it is */
    public static AffineMatrix identity() {
        return IDENTITY;
    }

    /**
     * @param tx shift to the right, pixels
     * @param ty shift down, pixels
     * @return a translation
     */
    public static AffineMatrix translation(double tx, double ty) {
        return new AffineMatrix(1, 0, tx, 0, 1, ty);
    }

    /**
     * A linear map {@code [[m00, m01], [m10, m11]]} applied about a centre point, which stays fixed.
     *
     * @param m00 x coefficient of the new x
     * @param m01 y coefficient of the new x
     * @param m10 x coefficient of the new y
     * @param m11 y coefficient of the new y
     * @param cx centre x
     * @param cy centre y
     * @return the map
     */
    public static AffineMatrix linearAbout(double m00, double m01, double m10, double m11, double cx, double cy) {
        return new AffineMatrix(m00, m01, cx - m00 * cx - m01 * cy, m10, m11, cy - m10 * cx - m11 * cy);
    }

    /**
     * A rotation about a centre; positive angles turn the image counter-clockwise as seen on screen.
     *
     * @param degrees the angle
     * @param cx centre x
     * @param cy centre y
     * @return the rotation
     */
    public static AffineMatrix rotation(double degrees, double cx, double cy) {
        double cos;
        double sin;
        // Exact values for quarter turns, so that a 90-degree rotation moves pixels without blending them.
        if (degrees % 90 == 0) {
            int quarter = Math.floorMod((int) Math.round(degrees / 90), 4);
            cos = new int[] {1, 0, -1, 0}[quarter];
            sin = new int[] {0, 1, 0, -1}[quarter];
        } else {
            double r = Math.toRadians(degrees);
            cos = Math.cos(r);
            sin = Math.sin(r);
        }
        return linearAbout(cos, sin, -sin, cos, cx, cy);
    }

    /**
     * A horizontal mirror of an image of the given width.
     *
     * @param width the image width in pixels
     * @return the map {@code x -> width - x}
     */
    public static AffineMatrix horizontalFlip(int width) {
        return new AffineMatrix(-1, 0, width, 0, 1, 0);
    }

    /**
     * The composition "first this, then {@code next}".
     *
     * @param next the map applied after this one
     * @return {@code next ∘ this}
     */
    public AffineMatrix then(AffineMatrix next) {
        return new AffineMatrix(
                next.a * a + next.b * d, next.a * b + next.b * e, next.a * c + next.b * f + next.c,
                next.d * a + next.e * d, next.d * b + next.e * e, next.d * c + next.e * f + next.f);
    }

    /** @return the determinant of the linear part (area scale factor; negative if mirrored) */
    public double determinant() {
        return a * e - b * d;
    }

    /**
     * @return the inverse map
     * @throws IllegalArgumentException if the map squashes the plane to a line (determinant about zero)
     */
    public AffineMatrix inverse() {
        double det = determinant();
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("affine map is not invertible (determinant " + det + ")");
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new AffineMatrix(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /** @return whether this is exactly the identity */
    public boolean isIdentity() {
        // == rather than equals(): a composition may produce -0.0, which record equality tells from 0.0.
        return a == 1 && b == 0 && c == 0 && d == 0 && e == 1 && f == 0;
    }

    /**
     * @param x point x
     * @param y point y
     * @return the mapped x
     */
    public double mapX(double x, double y) {
        return a * x + b * y + c;
    }

    /**
     * @param x point x
     * @param y point y
     * @return the mapped y
     */
    public double mapY(double x, double y) {
        return d * x + e * y + f;
    }
}
