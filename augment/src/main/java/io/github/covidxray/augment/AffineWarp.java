package io.github.covidxray.augment;

/**
 * Resamples a plane through an affine map in one pass, by inverse mapping: each output pixel centre is mapped
 * back into the source and sampled there.
 *
 * <p>Source coordinates advance along a row by a constant step, kept in 44.20 fixed point so the inner loops
 * need no floating point. Pixels whose whole neighbourhood lies inside the source take a fast path on the
 * primitive arrays; the rest go through {@link #sampleAtBorder}. Bilinear weights have 8 bits for 8-bit images
 * and 16 bits for deeper ones; a weight of zero reproduces the source value exactly, so integer shifts and
 * quarter turns move pixels without blending them.
 *
 * <p>Stateless and thread-safe.
 */
final class AffineWarp {

    private static final int FRAC = 20;
    private static final long ONE = 1L << FRAC;
    private static final long HALF = ONE >> 1;

    private AffineWarp() {}

    /**
     * @param src the source plane, unchanged
     * @param forward the map from source to output coordinates
     * @param options interpolation, border and fill
     * @return a new plane of the same size and depth
     */
    static Plane warp(Plane src, AffineMatrix forward, WarpOptions options) {
        AffineMatrix inv = forward.inverse();
        Plane dst = src.blankLike();
        int fill = options.fillLevel(src.maxValue);
        Border border = options.border();
        boolean bilinear = options.interpolation() == Interpolation.BILINEAR;
        long stepX = fixed(inv.a());
        long stepY = fixed(inv.d());
        for (int y = 0; y < src.height; y++) {
            // Source position of pixel (0, y)'s centre, in pixel-index space (pixel centres at integers).
            double cy = y + 0.5;
            long fx = fixed(inv.mapX(0.5, cy) - 0.5);
            long fy = fixed(inv.mapY(0.5, cy) - 0.5);
            int o = y * src.width;
            if (src.p8 != null) {
                if (bilinear) {
                    bilinearRow8(src, dst.p8, o, fx, fy, stepX, stepY, border, fill);
                } else {
                    nearestRow8(src, dst.p8, o, fx, fy, stepX, stepY, border, fill);
                }
            } else if (bilinear) {
                bilinearRow16(src, dst.p16, o, fx, fy, stepX, stepY, border, fill);
            } else {
                nearestRow16(src, dst.p16, o, fx, fy, stepX, stepY, border, fill);
            }
        }
        return dst;
    }

    private static long fixed(double v) {
        return Math.round(v * ONE);
    }

    private static void bilinearRow8(Plane src, byte[] dst, int o, long fx, long fy, long sx, long sy,
            Border border, int fill) {
        byte[] s = src.p8;
        int w = src.width;
        int[] span = interior(fx, fy, sx, sy, w, w - 1L, src.height - 1L);
        for (int x = 0; x < w; x++) {
            if (x == span[0]) {
                x = span[1] - 1;
                continue;
            }
            long px = fx + x * sx;
            long py = fy + x * sy;
            dst[o + x] = (byte) sampleAtBorder(src, px >> FRAC, py >> FRAC, (int) (px >> (FRAC - 8)) & 0xFF,
                    (int) (py >> (FRAC - 8)) & 0xFF, 8, border, fill);
        }
        long px = fx + span[0] * sx;
        long py = fy + span[0] * sy;
        for (int x = span[0]; x < span[1]; x++, px += sx, py += sy) {
            int i = (int) (py >> FRAC) * w + (int) (px >> FRAC);
            int wx = (int) (px >> (FRAC - 8)) & 0xFF;
            int wy = (int) (py >> (FRAC - 8)) & 0xFF;
            int p00 = s[i] & 0xFF;
            int p01 = s[i + 1] & 0xFF;
            int p10 = s[i + w] & 0xFF;
            int p11 = s[i + w + 1] & 0xFF;
            int top = (p00 << 8) + (p01 - p00) * wx;
            int bottom = (p10 << 8) + (p11 - p10) * wx;
            dst[o + x] = (byte) (((top << 8) + (bottom - top) * wy + 32768) >> 16);
        }
    }

    /**
     * The columns {@code [first, end)} of a row whose sample position {@code (fx + x sx, fy + x sy)} has its
     * integer part inside {@code [0, limitX) x [0, limitY)}. Each bound is a monotone condition on {@code x}, so
     * the columns form one interval, found by scanning in from both ends; empty as {@code [w, w)}.
     */
    private static int[] interior(long fx, long fy, long sx, long sy, int w, long limitX, long limitY) {
        int first = 0;
        while (first < w && !inside(fx + first * sx, fy + first * sy, limitX, limitY)) {
            first++;
        }
        if (first == w) {
            return new int[] {w, w};
        }
        int end = w;
        while (end > first + 1 && !inside(fx + (end - 1) * sx, fy + (end - 1) * sy, limitX, limitY)) {
            end--;
        }
        return new int[] {first, end};
    }

    private static boolean inside(long px, long py, long limitX, long limitY) {
        long ix = px >> FRAC;
        long iy = py >> FRAC;
        return ix >= 0 && ix < limitX && iy >= 0 && iy < limitY;
    }

    private static void bilinearRow16(Plane src, short[] dst, int o, long fx, long fy, long sx, long sy,
            Border border, int fill) {
        short[] s = src.p16;
        int w = src.width;
        long lastX = w - 1L;
        long lastY = src.height - 1L;
        for (int x = 0; x < w; x++, fx += sx, fy += sy) {
            long ix = fx >> FRAC;
            long iy = fy >> FRAC;
            int wx = (int) (fx >> (FRAC - 16)) & 0xFFFF;
            int wy = (int) (fy >> (FRAC - 16)) & 0xFFFF;
            if (ix >= 0 && ix < lastX && iy >= 0 && iy < lastY) {
                int i = (int) iy * w + (int) ix;
                dst[o + x] = (short) blend(s[i] & 0xFFFF, s[i + 1] & 0xFFFF, s[i + w] & 0xFFFF,
                        s[i + w + 1] & 0xFFFF, wx, wy, 16);
            } else {
                dst[o + x] = (short) sampleAtBorder(src, ix, iy, wx, wy, 16, border, fill);
            }
        }
    }

    private static void nearestRow8(Plane src, byte[] dst, int o, long fx, long fy, long sx, long sy,
            Border border, int fill) {
        byte[] s = src.p8;
        int w = src.width;
        int h = src.height;
        for (int x = 0; x < w; x++, fx += sx, fy += sy) {
            long ix = (fx + HALF) >> FRAC;
            long iy = (fy + HALF) >> FRAC;
            if (ix >= 0 && ix < w && iy >= 0 && iy < h) {
                dst[o + x] = s[(int) iy * w + (int) ix];
            } else {
                dst[o + x] = (byte) readAtBorder(src, ix, iy, border, fill);
            }
        }
    }

    private static void nearestRow16(Plane src, short[] dst, int o, long fx, long fy, long sx, long sy,
            Border border, int fill) {
        short[] s = src.p16;
        int w = src.width;
        int h = src.height;
        for (int x = 0; x < w; x++, fx += sx, fy += sy) {
            long ix = (fx + HALF) >> FRAC;
            long iy = (fy + HALF) >> FRAC;
            if (ix >= 0 && ix < w && iy >= 0 && iy < h) {
                dst[o + x] = s[(int) iy * w + (int) ix];
            } else {
                dst[o + x] = (short) readAtBorder(src, ix, iy, border, fill);
            }
        }
    }

    /** Bilinear blend with {@code bits}-bit weights, rounded to nearest; the same arithmetic on both paths. */
    private static int blend(int p00, int p01, int p10, int p11, int wx, int wy, int bits) {
        long top = ((long) p00 << bits) + (long) (p01 - p00) * wx;
        long bottom = ((long) p10 << bits) + (long) (p11 - p10) * wx;
        return (int) (((top << bits) + (bottom - top) * wy + (1L << (2 * bits - 1))) >> (2 * bits));
    }

    private static int sampleAtBorder(Plane src, long ix, long iy, int wx, int wy, int bits, Border border,
            int fill) {
        return blend(readAtBorder(src, ix, iy, border, fill), readAtBorder(src, ix + 1, iy, border, fill),
                readAtBorder(src, ix, iy + 1, border, fill), readAtBorder(src, ix + 1, iy + 1, border, fill),
                wx, wy, bits);
    }

    private static int readAtBorder(Plane src, long ix, long iy, Border border, int fill) {
        int x = border.map(ix, src.width);
        int y = border.map(iy, src.height);
        return x < 0 || y < 0 ? fill : src.get(y * src.width + x);
    }
}
