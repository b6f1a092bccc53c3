package io.github.covidxray.augment;

/**
 * Separable Gaussian blur and unsharp masking: a horizontal then a vertical pass over a float buffer, edges
 * extended by repeating the edge pixel. The kernel reaches three standard deviations each side.
 *
 * <p>Stateless and thread-safe.
 */
final class GaussianBlur {

    private GaussianBlur() {}

    /**
     * @param src the plane, unchanged
     * @param sigma standard deviation in pixels, positive
     * @return a new blurred plane
     */
    static Plane blur(Plane src, double sigma) {
        float[] blurred = blurredLevels(src, sigma);
        Plane dst = src.blankLike();
        for (int y = 0; y < src.height; y++) {
            dst.writeRow(y, blurred, y * src.width);
        }
        return dst;
    }

    /**
     * Unsharp mask: {@code v + amount (v - blur(v))}.
     *
     * @param src the plane, unchanged
     * @param sigma standard deviation of the blur in pixels, positive
     * @param amount how much of the detail to add back; 0 changes nothing
     * @return a new sharpened plane
     */
    static Plane sharpen(Plane src, double sigma, double amount) {
        float[] blurred = blurredLevels(src, sigma);
        Plane dst = src.blankLike();
        int w = src.width;
        int[] levels = new int[w];
        float[] row = new float[w];
        float a = (float) amount;
        for (int y = 0; y < src.height; y++) {
            src.readRow(y, levels);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                row[x] = levels[x] + a * (levels[x] - blurred[o + x]);
            }
            dst.writeRow(y, row, 0);
        }
        return dst;
    }

    /** @return the blurred levels, unrounded, row-major */
    static float[] blurredLevels(Plane src, double sigma) {
        float[] k = kernel(sigma);
        int r = k.length / 2;
        int w = src.width;
        int h = src.height;
        float[] horizontal = new float[w * h];
        float[] padded = new float[w + 2 * r];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.readRow(y, row);
            java.util.Arrays.fill(padded, 0, r, row[0]);
            for (int x = 0; x < w; x++) {
                padded[r + x] = row[x];
            }
            java.util.Arrays.fill(padded, r + w, padded.length, row[w - 1]);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int j = 0; j < k.length; j++) {
                    sum += k[j] * padded[x + j];
                }
                horizontal[o + x] = sum;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int j = 0; j < k.length; j++) {
                int sy = Math.min(h - 1, Math.max(0, y + j - r));
                int so = sy * w;
                float kj = k[j];
                for (int x = 0; x < w; x++) {
                    out[o + x] += kj * horizontal[so + x];
                }
            }
        }
        return out;
    }

    /** @return normalised weights, odd length */
    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] weights = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            weights[i + r] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
            sum += weights[i + r];
        }
        float[] k = new float[weights.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (weights[i] / sum);
        }
        return k;
    }
}
