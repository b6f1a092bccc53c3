package io.github.covidxray.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageChecksTest {

    private static final int SIZE = 32;

    /** A crude frontal chest film: bright body, two dark lung ovals either side of a bright middle, noise. */
    private static float[] chest(Random r) {
        float[] img = new float[SIZE * SIZE];
        double lungX = 0.25 + 0.03 * r.nextGaussian();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double u = (x + 0.5) / SIZE;
                double v = (y + 0.5) / SIZE;
                double left = Math.pow((u - lungX) / 0.15, 2) + Math.pow((v - 0.45) / 0.3, 2);
                double right = Math.pow((u - (1 - lungX)) / 0.15, 2) + Math.pow((v - 0.45) / 0.3, 2);
                double value = 0.7 + 0.2 * v - (left < 1 || right < 1 ? 0.45 : 0);
                img[y * SIZE + x] = (float) (value + 0.02 * r.nextGaussian());
            }
        }
        return img;
    }

    private static float[] upsideDown(float[] img) {
        float[] out = new float[img.length];
        for (int y = 0; y < SIZE; y++) {
            System.arraycopy(img, y * SIZE, out, (SIZE - 1 - y) * SIZE, SIZE);
        }
        return out;
    }

    @Test
    void statisticsHaveTheDocumentedLayoutAndStayFiniteOnAFlatImage() {
        float[] flat = new float[SIZE * SIZE + 5];
        java.util.Arrays.fill(flat, 0.3f);
        float[] s = ImageChecks.statistics(flat, 5, SIZE, SIZE);
        assertEquals(ImageChecks.STATISTICS, s.length);
        for (float v : s) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(0.3f, s[0], 1e-6, "thumbnail cell");
        double histogram = 0;
        for (int i = 0; i < ImageChecks.BINS; i++) {
            histogram += s[64 + i];
        }
        assertEquals(1.0, histogram, 1e-6, "histogram shares sum to 1");
        assertEquals(0.0, s[s.length - 1], 1e-9, "a flat image has no texture");
    }

    @Test
    void aGateOnTheStatisticsOfChestLikeImagesFlagsTheSameImagesUpsideDown() {
        Random r = new Random(5);
        List<float[]> train = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            train.add(ImageChecks.statistics(chest(r), 0, SIZE, SIZE));
        }
        MahalanobisGate gate = MahalanobisGate.fit(train, ImageChecks.STATISTICS, true);
        int fewer = 0;
        for (int i = 0; i < 50; i++) {
            float[] img = chest(r);
            double upright = gate.score(ImageChecks.statistics(img, 0, SIZE, SIZE));
            double flipped = gate.score(ImageChecks.statistics(upsideDown(img), 0, SIZE, SIZE));
            fewer += flipped > upright ? 1 : 0;
        }
        assertEquals(50, fewer, "every upside-down image scores above its upright original");
    }
}
