package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * A mutable working copy of an image's pixels at its true bit depth: exactly one of {@link #p8} and
 * {@link #p16} is set. Kernels that need random access use the arrays directly; row-wise kernels use the
 * row readers and writers, which clamp and round, so they need not be written twice.
 *
 * <p>Not thread-safe; each augmentation owns its planes.
 */
final class Plane {

    final int width;
    final int height;
    final int bitsStored;
    final int maxValue;
    final byte[] p8;
    final short[] p16;

    private Plane(int width, int height, int bitsStored, byte[] p8, short[] p16) {
        this.width = width;
        this.height = height;
        this.bitsStored = bitsStored;
        this.maxValue = (1 << bitsStored) - 1;
        this.p8 = p8;
        this.p16 = p16;
    }

    /**
     * @param image the source
     * @return a plane holding a bulk copy of the image's pixels
     */
    static Plane copyOf(XrayImage image) {
        int n = image.pixelCount();
        if (image.is8Bit()) {
            byte[] a = new byte[n];
            image.pixels8().get(a);
            return new Plane(image.width(), image.height(), image.bitsStored(), a, null);
        }
        short[] a = new short[n];
        image.pixels16().get(a);
        return new Plane(image.width(), image.height(), image.bitsStored(), null, a);
    }

    /** @return a zero-filled plane of the same size and depth */
    Plane blankLike() {
        return blank(width, height);
    }

    /** @return a zero-filled plane of the given size and this plane's depth */
    Plane blank(int w, int h) {
        return p8 != null
                ? new Plane(w, h, bitsStored, new byte[w * h], null)
                : new Plane(w, h, bitsStored, null, new short[w * h]);
    }

    /** @return an independent copy */
    Plane copy() {
        return p8 != null
                ? new Plane(width, height, bitsStored, p8.clone(), null)
                : new Plane(width, height, bitsStored, null, p16.clone());
    }

    /**
     * @param source the source description of the new image
     * @return an image with a copy of these pixels
     */
    XrayImage toImage(String source) {
        return p8 != null
                ? XrayImage.ofGray8(width, height, p8, source)
                : XrayImage.ofGray16(width, height, bitsStored, p16, source);
    }

    int pixelCount() {
        return width * height;
    }

    /** Reads one pixel; for border handling and other cold paths only. */
    int get(int i) {
        return p8 != null ? p8[i] & 0xFF : p16[i] & 0xFFFF;
    }

    /** Writes one pixel, clamped to the valid range; for cold paths only. */
    void set(int i, int value) {
        int v = clamp(value, maxValue);
        if (p8 != null) {
            p8[i] = (byte) v;
        } else {
            p16[i] = (short) v;
        }
    }

    /** Reads row {@code y} into {@code dst[0..width)}. */
    void readRow(int y, int[] dst) {
        int o = y * width;
        if (p8 != null) {
            for (int x = 0; x < width; x++) {
                dst[x] = p8[o + x] & 0xFF;
            }
        } else {
            for (int x = 0; x < width; x++) {
                dst[x] = p16[o + x] & 0xFFFF;
            }
        }
    }

    /** Writes {@code src[0..width)} to row {@code y}, clamped to {@code [0, maxValue]}. */
    void writeRow(int y, int[] src) {
        int o = y * width;
        int max = maxValue;
        if (p8 != null) {
            for (int x = 0; x < width; x++) {
                p8[o + x] = (byte) clamp(src[x], max);
            }
        } else {
            for (int x = 0; x < width; x++) {
                p16[o + x] = (short) clamp(src[x], max);
            }
        }
    }

    /**
     * Writes {@code src[from..from+width)} to row {@code y}, rounded to nearest and clamped to
     * {@code [0, maxValue]}.
     */
    void writeRow(int y, float[] src, int from) {
        int o = y * width;
        int max = maxValue;
        if (p8 != null) {
            for (int x = 0; x < width; x++) {
                p8[o + x] = (byte) clamp(Math.round(src[from + x]), max);
            }
        } else {
            for (int x = 0; x < width; x++) {
                p16[o + x] = (short) clamp(Math.round(src[from + x]), max);
            }
        }
    }

    /**
     * Blends another plane of the same size into this one in place: {@code (1 - t) this + t other}, rounded.
     *
     * @param other the other plane
     * @param t the weight of {@code other}, {@code [0, 1]}
     * @return this plane
     */
    Plane blend(Plane other, double t) {
        int[] a = new int[width];
        int[] b = new int[width];
        for (int y = 0; y < height; y++) {
            readRow(y, a);
            other.readRow(y, b);
            for (int x = 0; x < width; x++) {
                a[x] = (int) Math.round((1 - t) * a[x] + t * b[x]);
            }
            writeRow(y, a);
        }
        return this;
    }

    /**
     * Sets a rectangle, clipped to the plane, to one level.
     *
     * @param x0 left column
     * @param y0 top row
     * @param w width
     * @param h height
     * @param level the level, clamped to {@code [0, maxValue]}
     */
    void fillRect(int x0, int y0, int w, int h, int level) {
        int v = clamp(level, maxValue);
        int left = Math.max(0, x0);
        int right = Math.min(width, x0 + w);
        for (int y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
            if (right <= left) {
                break;
            }
            if (p8 != null) {
                java.util.Arrays.fill(p8, y * width + left, y * width + right, (byte) v);
            } else {
                java.util.Arrays.fill(p16, y * width + left, y * width + right, (short) v);
            }
        }
    }

    /** @return the counts of every grey level, {@code maxValue + 1} of them */
    int[] histogram() {
        return histogram(1, 1);
    }

    /**
     * Counts grey levels on a grid: every {@code rowStride}-th row, every {@code colStride}-th column.
     *
     * @return {@code maxValue + 1} counts
     */
    int[] histogram(int rowStride, int colStride) {
        int[] hist = new int[maxValue + 1];
        for (int y = 0; y < height; y += rowStride) {
            int o = y * width;
            if (p8 != null) {
                for (int x = 0; x < width; x += colStride) {
                    hist[p8[o + x] & 0xFF]++;
                }
            } else {
                for (int x = 0; x < width; x += colStride) {
                    hist[p16[o + x] & 0xFFFF]++;
                }
            }
        }
        return hist;
    }

    /**
     * Replaces every pixel {@code v} by {@code lut[v]} in place.
     *
     * @param lut {@code maxValue + 1} values, each already in {@code [0, maxValue]}
     */
    void applyLut(int[] lut) {
        int n = pixelCount();
        if (p8 != null) {
            byte[] l = lut8(lut);
            byte[] a = p8;
            for (int i = 0; i < n; i++) {
                a[i] = l[a[i] & 0xFF];
            }
        } else {
            short[] l = lut16(lut);
            short[] a = p16;
            for (int i = 0; i < n; i++) {
                a[i] = l[a[i] & 0xFFFF];
            }
        }
    }

    private static final byte[] IDENTITY8 = lut8Of(null);
    private static final short[] IDENTITY16 = lut16Of(null);

    /**
     * @param lut up to 256 levels, or null for the identity
     * @return the table as bytes, 256 entries; the shared identity table must not be written to
     */
    static byte[] lut8(int[] lut) {
        return lut == null ? IDENTITY8 : lut8Of(lut);
    }

    /**
     * @param lut up to 65536 levels, or null for the identity
     * @return the table as shorts, 65536 entries (indexable by any stored value); the shared identity table must
     *     not be written to
     */
    static short[] lut16(int[] lut) {
        return lut == null ? IDENTITY16 : lut16Of(lut);
    }

    private static byte[] lut8Of(int[] lut) {
        byte[] l = new byte[256];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) (lut == null ? i : lut[Math.min(i, lut.length - 1)]);
        }
        return l;
    }

    private static short[] lut16Of(int[] lut) {
        short[] l = new short[65536];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) (lut == null ? i : lut[Math.min(i, lut.length - 1)]);
        }
        return l;
    }

    static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    static int clamp(long v, int max) {
        return v < 0 ? 0 : (int) Math.min(v, max);
    }
}
