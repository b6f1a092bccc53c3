package io.github.covidxray.augment;

/**
 * Resamples a plane through an affine map in one pass, by inverse mapping: each output pixel centre is mapped
 * back into the source and sampled there. An optional lookup table is applied to each output value as it is
 * written, so a grey-level step after a geometric one costs no extra pass over the image.
 *
 * <p>Source coordinates advance along a row by a constant step, kept in 44.20 fixed point so the inner loops
 * need no floating point; a position is always {@code rowStart + x * step}, computed exactly, so a sparse sample
 * of the output ({@link #sampleGrid}) has exactly the values of the full warp at those pixels. Pixels whose whole
 * neighbourhood lies inside the source take a fast path on the primitive arrays; the rest go through
 * {@link #sampleAtBorder}. Bilinear weights have 8 bits for 8-bit images and 16 bits for deeper ones; a weight of
 * zero reproduces the source value exactly, so integer shifts and quarter turns move pixels without blending.
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
     * @param lut a table applied to every output level, or null for none
     * @return a new plane of the same size and depth
     */
    static Plane warp(Plane src, AffineMatrix forward, WarpOptions options, int[] lut) {
        Plane dst = src.blankLike();
        warpInto(src, forward.inverse(), options, dst, 1, 1, lut);
        return dst;
    }

    /**
     * The warp's output at every {@code rowStride}-th row and {@code colStride}-th column, without a table: a
     * cheap preview for statistics such as the mean.
     *
     * @return a small plane of {@code ceil(height / rowStride) x ceil(width / colStride)} pixels
     */
    static Plane sampleGrid(Plane src, AffineMatrix forward, WarpOptions options, int rowStride, int colStride) {
        Plane dst = src.blank((src.width + colStride - 1) / colStride, (src.height + rowStride - 1) / rowStride);
        warpInto(src, forward.inverse(), options, dst, rowStride, colStride, null);
        return dst;
    }

    private static void warpInto(Plane src, AffineMatrix inv, WarpOptions options, Plane dst, int rowStride,
            int colStride, int[] lut) {
        boolean bilinear = options.interpolation() == Interpolation.BILINEAR;
        // Bilinear reads (ix, iy) to (ix + 1, iy + 1); nearest reads the pixel the position rounds to.
        long round = bilinear ? 0 : HALF;
        long limitX = bilinear ? src.width - 1L : src.width;
        long limitY = bilinear ? src.height - 1L : src.height;
        long stepX = fixed(inv.a()) * colStride;
        long stepY = fixed(inv.d()) * colStride;
        byte[] lut8 = src.p8 != null ? Plane.lut8(lut) : null;
        short[] lut16 = src.p8 == null ? Plane.lut16(lut) : null;
        for (int row = 0; row < dst.height; row++) {
            // Source position of the centre of output pixel (0, y), in pixel-index space (centres at integers).
            double cy = row * rowStride + 0.5;
            Row r = new Row(src, row * dst.width, dst.width, fixed(inv.mapX(0.5, cy) - 0.5) + round,
                    fixed(inv.mapY(0.5, cy) - 0.5) + round, stepX, stepY, options.border(),
                    options.fillLevel(src.maxValue), bilinear);
            int[] span = interior(r, limitX, limitY);
            border(r, dst, lut, 0, span[0]);
            border(r, dst, lut, span[1], r.count);
            if (src.p8 != null) {
                if (bilinear) {
                    bilinear8(r, dst.p8, lut8, span[0], span[1]);
                } else {
                    nearest8(r, dst.p8, lut8, span[0], span[1]);
                }
            } else if (bilinear) {
                bilinear16(r, dst.p16, lut16, span[0], span[1]);
            } else {
                nearest16(r, dst.p16, lut16, span[0], span[1]);
            }
        }
    }

    /**
     * One output row: where it starts in the source (already offset by half a pixel for nearest-neighbour
     * rounding) and how it steps.
     */
    private record Row(Plane src, int offset, int count, long fx, long fy, long sx, long sy, Border border,
            int fill, boolean bilinear) {}

    private static long fixed(double v) {
        return Math.round(v * ONE);
    }

    /**
     * The columns {@code [first, end)} of a row whose sample position has its integer part inside
     * {@code [0, limitX) x [0, limitY)}, so that all pixels read lie inside the source. Each bound is a monotone
     * condition on the column, so these columns form one interval, found by scanning in from both ends.
     */
    private static int[] interior(Row r, long limitX, long limitY) {
        int first = 0;
        while (first < r.count && !inside(r, first, limitX, limitY)) {
            first++;
        }
        int end = r.count;
        while (end > first && !inside(r, end - 1, limitX, limitY)) {
            end--;
        }
        return new int[] {first, end};
    }

    private static boolean inside(Row r, int x, long limitX, long limitY) {
        long ix = (r.fx + x * r.sx) >> FRAC;
        long iy = (r.fy + x * r.sy) >> FRAC;
        return ix >= 0 && ix < limitX && iy >= 0 && iy < limitY;
    }

    /** Columns {@code [from, to)} near or beyond the source's edges, through the border mode; either depth. */
    private static void border(Row r, Plane dst, int[] lut, int from, int to) {
        int bits = r.src.p8 != null ? 8 : 16;
        for (int x = from; x < to; x++) {
            long px = r.fx + x * r.sx;
            long py = r.fy + x * r.sy;
            int v = r.bilinear
                    ? sampleAtBorder(r, px >> FRAC, py >> FRAC, (int) (px >> (FRAC - bits)) & ((1 << bits) - 1),
                            (int) (py >> (FRAC - bits)) & ((1 << bits) - 1), bits)
                    : readAtBorder(r, px >> FRAC, py >> FRAC);
            dst.set(r.offset + x, lut == null ? v : lut[v]);
        }
    }

    // The interior loops: no border checks, primitive arrays only, one per depth and interpolation.

    private static void bilinear8(Row r, byte[] dst, byte[] lut, int first, int end) {
        byte[] s = r.src.p8;
        int w = r.src.width;
        int o = r.offset;
        long sx = r.sx;
        long sy = r.sy;
        long px = r.fx + first * sx;
        long py = r.fy + first * sy;
        for (int x = first; x < end; x++, px += sx, py += sy) {
            int i = (int) (py >> FRAC) * w + (int) (px >> FRAC);
            int wx = (int) (px >> (FRAC - 8)) & 0xFF;
            int wy = (int) (py >> (FRAC - 8)) & 0xFF;
            int p00 = s[i] & 0xFF;
            int p01 = s[i + 1] & 0xFF;
            int p10 = s[i + w] & 0xFF;
            int p11 = s[i + w + 1] & 0xFF;
            int top = (p00 << 8) + (p01 - p00) * wx;
            int bottom = (p10 << 8) + (p11 - p10) * wx;
            dst[o + x] = lut[((top << 8) + (bottom - top) * wy + 32768) >> 16];
        }
    }

    private static void bilinear16(Row r, short[] dst, short[] lut, int first, int end) {
        short[] s = r.src.p16;
        int w = r.src.width;
        long px = r.fx + first * r.sx;
        long py = r.fy + first * r.sy;
        for (int x = first; x < end; x++, px += r.sx, py += r.sy) {
            int i = (int) (py >> FRAC) * w + (int) (px >> FRAC);
            dst[r.offset + x] = lut[blend(s[i] & 0xFFFF, s[i + 1] & 0xFFFF, s[i + w] & 0xFFFF,
                    s[i + w + 1] & 0xFFFF, (int) (px >> (FRAC - 16)) & 0xFFFF, (int) (py >> (FRAC - 16)) & 0xFFFF, 16)];
        }
    }

    private static void nearest8(Row r, byte[] dst, byte[] lut, int first, int end) {
        byte[] s = r.src.p8;
        for (int x = first; x < end; x++) {
            int i = (int) ((r.fy + x * r.sy) >> FRAC) * r.src.width + (int) ((r.fx + x * r.sx) >> FRAC);
            dst[r.offset + x] = lut[s[i] & 0xFF];
        }
    }

    private static void nearest16(Row r, short[] dst, short[] lut, int first, int end) {
        short[] s = r.src.p16;
        for (int x = first; x < end; x++) {
            int i = (int) ((r.fy + x * r.sy) >> FRAC) * r.src.width + (int) ((r.fx + x * r.sx) >> FRAC);
            dst[r.offset + x] = lut[s[i] & 0xFFFF];
        }
    }

    /** Bilinear blend with {@code bits}-bit weights, rounded to nearest; the same arithmetic on both paths. */
    private static int blend(int p00, int p01, int p10, int p11, int wx, int wy, int bits) {
        long top = ((long) p00 << bits) + (long) (p01 - p00) * wx;
        long bottom = ((long) p10 << bits) + (long) (p11 - p10) * wx;
        return (int) (((top << bits) + (bottom - top) * wy + (1L << (2 * bits - 1))) >> (2 * bits));
    }

    private static int sampleAtBorder(Row r, long ix, long iy, int wx, int wy, int bits) {
        if (r.border == Border.CONSTANT && (ix < -1 || ix >= r.src.width || iy < -1 || iy >= r.src.height)) {
            return r.fill; // all four neighbours outside: common when zooming out or shifting
        }
        return blend(readAtBorder(r, ix, iy), readAtBorder(r, ix + 1, iy), readAtBorder(r, ix, iy + 1),
                readAtBorder(r, ix + 1, iy + 1), wx, wy, bits);
    }

    private static int readAtBorder(Row r, long ix, long iy) {
        int x = r.border.map(ix, r.src.width);
        int y = r.border.map(iy, r.src.height);
        return x < 0 || y < 0 ? r.fill : r.src.get(y * r.src.width + x);
    }
}
