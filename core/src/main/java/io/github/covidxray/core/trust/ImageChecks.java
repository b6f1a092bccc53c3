package io.github.covidxray.core.trust;

/**
 * Cheap checks on a preprocessed model input that catch inputs the feature-space gate misses. Chest X-rays
 * at model resolution are smooth: neighbouring pixels differ little except along a few edges. Noise, typed
 * pages and line drawings differ a lot between almost all neighbours. The roughness below measures that; the
 * gate flags inputs rougher than any training or validation X-ray. Stateless.
 */
public final class ImageChecks {

    private ImageChecks() {}

    /**
     * @param chw preprocessed input (channel 0 is read)
     * @param offset where the image starts
     * @param width input width
     * @param height input height
     * @return the mean absolute difference between horizontally and vertically adjacent pixels of channel 0
     */
    public static double roughness(float[] chw, int offset, int width, int height) {
        double sum = 0;
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < width; x++) {
                float v = chw[row + x];
                if (x + 1 < width) {
                    sum += Math.abs(chw[row + x + 1] - v);
                }
                if (y + 1 < height) {
                    sum += Math.abs(chw[row + width + x] - v);
                }
            }
        }
        long pairs = (long) (width - 1) * height + (long) width * (height - 1);
        return pairs == 0 ? 0 : sum / pairs;
    }
}
