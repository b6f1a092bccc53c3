package io.github.covidxray.core.trust;

/**
 * Cheap checks on a preprocessed model input that catch inputs the feature-space gate misses. Stateless.
 *
 * <p>{@link #roughness} is the hard check: chest X-rays at model resolution are smooth (neighbouring pixels
 * differ little except along a few edges) while noise, typed pages and line drawings differ between almost all
 * neighbours; the gate flags inputs rougher than any training or validation X-ray.
 *
 * <p>{@link #statistics} is the soft one: a short vector of what a radiograph's pixels look like regardless of
 * disease (an 8x8 thumbnail, which holds the layout of a frontal chest film: dark lungs either side of a bright
 * mediastinum, brighter below; the shape of the intensity histogram; moments; texture at three scales), to
 * which a second {@link MahalanobisGate} is fitted. Rotated, upside-down and inverted films, gradients, shapes
 * and other pictures differ from X-rays in exactly these, while the pooled features of a network trained to
 * tell diseases apart on a small dataset need not. No library computes this vector, so it is written here.
 */
public final class ImageChecks {

    /** Cells per side of the thumbnail. */
    static final int THUMBNAIL = 8;
    /** Bins of the histogram between the image's minimum and maximum. */
    static final int BINS = 16;
    private static final int[] TEXTURE_STEPS = {1, 2, 4};

    /** Length of {@link #statistics}: thumbnail, histogram, 6 moments, one roughness per texture step. */
    public static final int STATISTICS = THUMBNAIL * THUMBNAIL + BINS + 6 + TEXTURE_STEPS.length;

    private ImageChecks() {}

    /**
     * @param chw preprocessed input (channel 0 is read)
     * @param offset where the image starts
     * @param width input width
     * @param height input height
     * @return the mean absolute difference between horizontally and vertically adjacent pixels of channel 0
     */
    public static double roughness(float[] chw, int offset, int width, int height) {
        return roughness(chw, offset, width, height, 1);
    }

    /**
     * The image statistics the soft check scores, from channel 0 of a preprocessed input, in this order:
     * the 8x8 thumbnail (cell means, row-major), the 16-bin histogram between the image's minimum and maximum
     * (shares summing to 1), mean, standard deviation, minimum, maximum, skewness, excess kurtosis, and the
     * roughness at pixel steps 1, 2 and 4. Linear in the pixel count.
     *
     * @param chw preprocessed input
     * @param offset where the image starts
     * @param width input width, at least 1
     * @param height input height, at least 1
     * @return {@value #STATISTICS} values
     */
    public static float[] statistics(float[] chw, int offset, int width, int height) {
        return statistics(chw, offset, width, height, roughness(chw, offset, width, height, 1));
    }

    /** {@link #statistics}, given the {@link #roughness} the caller has already computed (one pass fewer). */
    static float[] statistics(float[] chw, int offset, int width, int height, double roughness) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        float[] out = new float[STATISTICS];
        int n = width * height;
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            float v = chw[i];
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        int[] histogram = new int[BINS];
        double binScale = max > min ? BINS / ((double) max - min) : 0;
        for (int i = offset; i < offset + n; i++) {
            double d = chw[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            histogram[Math.min(BINS - 1, (int) ((chw[i] - min) * binScale))]++;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        int k = 0;
        for (int cy = 0; cy < THUMBNAIL; cy++) {
            int y0 = Math.min(height - 1, cy * height / THUMBNAIL);
            int y1 = Math.max(y0 + 1, (cy + 1) * height / THUMBNAIL);
            for (int cx = 0; cx < THUMBNAIL; cx++) {
                int x0 = Math.min(width - 1, cx * width / THUMBNAIL);
                int x1 = Math.max(x0 + 1, (cx + 1) * width / THUMBNAIL);
                double cell = 0;
                for (int y = y0; y < y1; y++) {
                    int row = offset + y * width;
                    for (int x = x0; x < x1; x++) {
                        cell += chw[row + x];
                    }
                }
                out[k++] = (float) (cell / ((y1 - y0) * (x1 - x0)));
            }
        }
        for (int count : histogram) {
            out[k++] = (float) count / n;
        }
        double sd = Math.sqrt(m2);
        out[k++] = (float) mean;
        out[k++] = (float) sd;
        out[k++] = min;
        out[k++] = max;
        // A flat image has no shape; 0 keeps the vector finite (its histogram and sd already say "flat").
        out[k++] = sd > 0 ? (float) (m3 / (m2 * sd)) : 0f;
        out[k++] = sd > 0 ? (float) (m4 / (m2 * m2) - 3) : 0f;
        for (int step : TEXTURE_STEPS) {
            out[k++] = (float) (step == 1 ? roughness : roughness(chw, offset, width, height, step));
        }
        return out;
    }

    private static double roughness(float[] chw, int offset, int width, int height, int step) {
        double sum = 0;
        long pairs = 0;
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < width; x++) {
                float v = chw[row + x];
                if (x + step < width) {
                    sum += Math.abs(chw[row + x + step] - v);
                    pairs++;
                }
                if (y + step < height) {
                    sum += Math.abs(chw[row + step * width + x] - v);
                    pairs++;
                }
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }
}
