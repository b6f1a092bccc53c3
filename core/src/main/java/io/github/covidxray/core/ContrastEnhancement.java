package io.github.covidxray.core;

/**
 * Histogram-based contrast operations on {@link XrayImage}s at their own bit depth: global
 * equalisation, CLAHE and gamma. Each returns a new image of the same size and depth. Stateless and
 * thread-safe.
 */
public final class ContrastEnhancement {

    private ContrastEnhancement() {}

    /**
     * Global histogram equalisation: maps each value to its cumulative frequency, scaled to the full range.
     *
     * @param image the image
     * @return the equalised image
     */
    public static XrayImage equalize(XrayImage image) {
        int[] values = image.toIntArray();
        int max = image.maxValue();
        int[] hist = new int[max + 1];
        for (int v : values) {
            hist[v]++;
        }
        int[] lut = equalizationLut(hist, values.length, max);
        return mapThroughLut(image, values, lut);
    }

    /**
     * Power-law contrast: {@code out = max * (in / max)^gamma}, rounded. {@code gamma < 1} brightens.
     *
     * @param image the image
     * @param gamma the exponent, positive
     * @return the adjusted image
     */
    public static XrayImage gamma(XrayImage image, double gamma) {
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("gamma must be positive, got " + gamma);
        }
        int max = image.maxValue();
        int[] lut = new int[max + 1];
        for (int v = 0; v <= max; v++) {
            lut[v] = (int) Math.round(max * Math.pow(v / (double) max, gamma));
        }
        return mapThroughLut(image, image.toIntArray(), lut);
    }

    /**
     * Contrast-limited adaptive histogram equalisation: the image is cut into {@code tiles x tiles}
     * regions, each region's histogram is clipped at {@code clipLimit} times its mean bin count (the excess
     * spread evenly over all bins) and equalised, and each pixel is bilinearly interpolated between the
     * mappings of the four nearest region centres, which avoids visible tile borders.
     *
     * <p>16-bit images are equalised over 4096 bins (the top 12 bits), which keeps per-tile histograms
     * meaningful for tiles of a few thousand pixels.
     *
     * @param image the image
     * @param clipLimit the clip limit, at least 1 (1 = no enhancement beyond a uniform mapping)
     * @param tiles the number of tiles per side, 1..64
     * @return the enhanced image
     */
    public static XrayImage clahe(XrayImage image, double clipLimit, int tiles) {
        if (!(clipLimit >= 1) || tiles < 1 || tiles > 64) {
            throw new IllegalArgumentException("need clipLimit >= 1 and 1..64 tiles, got " + clipLimit + ", " + tiles);
        }
        int w = image.width();
        int h = image.height();
        int max = image.maxValue();
        int shift = Math.max(0, image.bitsStored() - 12);
        int bins = (max >> shift) + 1;
        int[] values = image.toIntArray();
        int tx = Math.min(tiles, w);
        int ty = Math.min(tiles, h);
        // One mapping (bin -> output value) per tile.
        int[][] maps = new int[tx * ty][];
        for (int j = 0; j < ty; j++) {
            int y0 = j * h / ty;
            int y1 = (j + 1) * h / ty;
            for (int i = 0; i < tx; i++) {
                int x0 = i * w / tx;
                int x1 = (i + 1) * w / tx;
                int[] hist = histogramShifted(values, bins, shift, x0, x1, y0, y1, w);
                int n = (x1 - x0) * (y1 - y0);
                clip(hist, Math.max(1, (int) (clipLimit * n / bins)));
                maps[j * tx + i] = equalizationLut(hist, n, max);
            }
        }
        int[] out = new int[values.length];
        for (int y = 0; y < h; y++) {
            // Position relative to tile centres, clamped at the border half-tiles.
            double fy = (y + 0.5) * ty / h - 0.5;
            int j0 = (int) Math.floor(fy);
            double wy = fy - j0;
            int ja = Math.max(0, Math.min(ty - 1, j0));
            int jb = Math.max(0, Math.min(ty - 1, j0 + 1));
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) * tx / w - 0.5;
                int i0 = (int) Math.floor(fx);
                double wx = fx - i0;
                int ia = Math.max(0, Math.min(tx - 1, i0));
                int ib = Math.max(0, Math.min(tx - 1, i0 + 1));
                int bin = values[y * w + x] >> shift;
                double top = (1 - wx) * maps[ja * tx + ia][bin] + wx * maps[ja * tx + ib][bin];
                double bottom = (1 - wx) * maps[jb * tx + ia][bin] + wx * maps[jb * tx + ib][bin];
                out[y * w + x] = (int) Math.round((1 - wy) * top + wy * bottom);
            }
        }
        return fromInts(image, out);
    }

    private static int[] histogramShifted(int[] values, int bins, int shift, int x0, int x1, int y0, int y1, int w) {
        int[] hist = new int[bins];
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                hist[values[row + x] >> shift]++;
            }
        }
        return hist;
    }

    /** Clips bins at {@code limit} and spreads the excess evenly, as CLAHE prescribes. */
    private static void clip(int[] hist, int limit) {
        long excess = 0;
        for (int i = 0; i < hist.length; i++) {
            if (hist[i] > limit) {
                excess += hist[i] - limit;
                hist[i] = limit;
            }
        }
        long perBin = excess / hist.length;
        long remainder = excess % hist.length;
        for (int i = 0; i < hist.length; i++) {
            hist[i] += (int) perBin + (i < remainder ? 1 : 0);
        }
    }

    /** Cumulative-frequency mapping: bin -> value in [0, max]. */
    private static int[] equalizationLut(int[] hist, int total, int max) {
        int[] lut = new int[hist.length];
        long cumulative = 0;
        for (int i = 0; i < hist.length; i++) {
            cumulative += hist[i];
            lut[i] = (int) Math.round(cumulative * (double) max / total);
        }
        return lut;
    }

    private static XrayImage mapThroughLut(XrayImage image, int[] values, int[] lut) {
        for (int i = 0; i < values.length; i++) {
            values[i] = lut[values[i]];
        }
        return fromInts(image, values);
    }

    private static XrayImage fromInts(XrayImage like, int[] values) {
        if (like.is8Bit()) {
            byte[] px = new byte[values.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) values[i];
            }
            return XrayImage.wrap8(like.width(), like.height(), px, like.source());
        }
        short[] px = new short[values.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) values[i];
        }
        return XrayImage.wrap16(like.width(), like.height(), like.bitsStored(), px, like.source());
    }
}
