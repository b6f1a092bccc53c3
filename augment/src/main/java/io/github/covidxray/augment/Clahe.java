package io.github.covidxray.augment;

/**
 * Contrast-limited adaptive histogram equalisation: the image is divided into a grid of tiles, each tile's
 * histogram is clipped at {@code clipLimit} times its mean bin count (the excess spread evenly over all bins) and
 * turned into an equalising map, and every pixel blends the maps of its four nearest tile centres bilinearly.
 *
 * <p>Images deeper than 12 bits use 4096 bins, interpolating linearly within a bin so the output keeps its
 * full depth. Stateless and thread-safe.
 */
final class Clahe {

    private static final int MAX_BIN_BITS = 12;

    private Clahe() {}

    /**
     * @param src the plane, unchanged
     * @param clipLimit at least 1; 1 means no contrast gain at all, larger values allow more
     * @param grid the number of tiles across and down (reduced for images smaller than the grid)
     * @return a new plane
     */
    static Plane apply(Plane src, double clipLimit, int grid) {
        int w = src.width;
        int h = src.height;
        int tilesX = Math.min(grid, w);
        int tilesY = Math.min(grid, h);
        int shift = Math.max(0, src.bitsStored - MAX_BIN_BITS);
        int bins = (src.maxValue >> shift) + 1;
        float[][] maps = tileMaps(src, tilesX, tilesY, shift, bins, clipLimit);

        int[] tx0 = new int[w];
        int[] tx1 = new int[w];
        float[] ax = new float[w];
        for (int x = 0; x < w; x++) {
            float g = (x + 0.5f) * tilesX / w - 0.5f;
            tx0[x] = neighbourBelow(g, tilesX);
            tx1[x] = Math.min(tx0[x] + 1, tilesX - 1);
            ax[x] = weightAbove(g, tx0[x], tilesX);
        }
        Plane dst = src.blankLike();
        int[] row = new int[w];
        int binWidth = 1 << shift;
        for (int y = 0; y < h; y++) {
            float g = (y + 0.5f) * tilesY / h - 0.5f;
            int ty0 = neighbourBelow(g, tilesY);
            int ty1 = Math.min(ty0 + 1, tilesY - 1);
            float ay = weightAbove(g, ty0, tilesY);
            src.readRow(y, row);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                int b = v >> shift;
                // Linear position inside the bin: (offset + 1) / binWidth, exactly 1 when bins are single levels.
                float within = ((v & (binWidth - 1)) + 1f) / binWidth;
                float top = lerp(level(maps[ty0 * tilesX + tx0[x]], b, within),
                        level(maps[ty0 * tilesX + tx1[x]], b, within), ax[x]);
                float bottom = lerp(level(maps[ty1 * tilesX + tx0[x]], b, within),
                        level(maps[ty1 * tilesX + tx1[x]], b, within), ax[x]);
                row[x] = Math.round(lerp(top, bottom, ay));
            }
            dst.writeRow(y, row);
        }
        return dst;
    }

    private static float[][] tileMaps(Plane src, int tilesX, int tilesY, int shift, int bins, double clipLimit) {
        int w = src.width;
        int h = src.height;
        float[][] maps = new float[tilesX * tilesY][];
        int[] row = new int[w];
        int[][] hists = new int[tilesX * tilesY][bins];
        for (int y = 0; y < h; y++) {
            int ty = (int) ((long) y * tilesY / h);
            src.readRow(y, row);
            for (int x = 0; x < w; x++) {
                hists[ty * tilesX + (int) ((long) x * tilesX / w)][row[x] >> shift]++;
            }
        }
        for (int t = 0; t < maps.length; t++) {
            maps[t] = equalisingMap(hists[t], clipLimit, src.maxValue);
        }
        return maps;
    }

    private static float[] equalisingMap(int[] hist, double clipLimit, int maxValue) {
        long total = 0;
        for (int c : hist) {
            total += c;
        }
        // Fractional limit and share: the map then depends on the histogram's shape, not on the tile's pixel
        // count, so tiles of slightly different sizes over a flat region map it to the same level.
        double limit = clipLimit * total / hist.length;
        double excess = 0;
        for (int c : hist) {
            excess += Math.max(0, c - limit);
        }
        double share = excess / hist.length;
        float[] map = new float[hist.length];
        double cdf = 0;
        for (int i = 0; i < hist.length; i++) {
            cdf += Math.min(hist[i], limit) + share;
            map[i] = (float) (cdf / total * maxValue);
        }
        return map;
    }

    private static float level(float[] map, int bin, float within) {
        float below = bin == 0 ? 0 : map[bin - 1];
        return below + (map[bin] - below) * within;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static int neighbourBelow(float g, int tiles) {
        return Math.max(0, Math.min(tiles - 1, (int) Math.floor(g)));
    }

    private static float weightAbove(float g, int below, int tiles) {
        return tiles == 1 ? 0 : Math.max(0, Math.min(1, g - below));
    }
}
