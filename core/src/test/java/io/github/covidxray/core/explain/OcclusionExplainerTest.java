package io.github.covidxray.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.XrayImage;
import org.junit.jupiter.api.Test;

class OcclusionExplainerTest {

    // The classifier looks only at rows 2..3, columns 5..6 of an 8x8 grid.
    private static final double L = 5 / 8.0;
    private static final double T = 2 / 8.0;
    private static final double R = 7 / 8.0;
    private static final double B = 4 / 8.0;

    @Test
    void theHeatmapPointsAtTheOnlyRegionTheModelReads() throws Exception {
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(L, T, R, B);
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(160, 120, L, T, R, B);
        Explanation e = OcclusionExplainer.standard().explain(model, image);
        assertEquals("covid", e.explainedLabel());
        assertEquals(ExplanationMethod.OCCLUSION, e.method());
        Heatmap map = e.heatmap();
        assertEquals(8, map.rows());
        assertEquals(8, map.cols());
        int best = argmax(map.values());
        int row = best / 8;
        int col = best % 8;
        assertTrue(row >= 2 && row <= 3 && col >= 5 && col <= 6, "peak at cell " + row + "," + col + ": " + map);
        // Patches two cells wide reach one cell beyond the box; farther cells cannot matter.
        assertEquals(0f, map.value(7, 0), 1e-6f);
        assertEquals(0f, map.value(0, 0), 1e-6f);
        assertEquals(model.classify(image), e.prediction());
    }

    @Test
    void aGivenClassIsExplainedAndAnUnknownOneIsRefused() throws Exception {
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(L, T, R, B);
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(64, 64, L, T, R, B);
        Explanation e = OcclusionExplainer.builder().optGrid(7, 9).build().explain(model, image, "normal");
        assertEquals("normal", e.explainedLabel());
        assertEquals(7, e.heatmap().rows());
        assertEquals(9, e.heatmap().cols());
        assertThrows(IllegalArgumentException.class,
                () -> OcclusionExplainer.standard().explain(model, image, "cat"));
    }

    @Test
    void blankedCopiesAreMadeOneBatchAtATimeWithinTheMemoryBudget() throws Exception {
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(100, 100, L, T, R, B);
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(L, T, R, B);
        OcclusionExplainer.standard().explain(model, image);
        assertEquals(16, model.largestBatch.get());
        assertEquals(1 + 64 / 16, model.calls.get());

        BoxSensitiveClassifier tight = new BoxSensitiveClassifier(L, T, R, B);
        Explanation e = OcclusionExplainer.builder().optMemoryBudgetBytes(3 * 100 * 100).build().explain(tight, image);
        assertEquals(3, tight.largestBatch.get());
        assertEquals(OcclusionExplainer.standard().explain(model, image).heatmap(), e.heatmap());
    }

    @Test
    void sixteenBitImagesAreExplainedAtTheirDepth() throws Exception {
        XrayImage eight = BoxSensitiveClassifier.imageWithBrightBox(80, 80, L, T, R, B);
        short[] px = new short[eight.pixelCount()];
        int[] v = eight.toIntArray();
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (v[i] * 16);
        }
        XrayImage twelve = XrayImage.ofGray16(80, 80, 12, px, "deep.dcm");
        Heatmap map = OcclusionExplainer.standard().explain(new BoxSensitiveClassifier(L, T, R, B), twelve).heatmap();
        int best = argmax(map.values());
        assertTrue(best / 8 >= 2 && best / 8 <= 3 && best % 8 >= 5 && best % 8 <= 6, map.toString());
    }

    @Test
    void oneExplainerServesConcurrentCallers() throws Exception {
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(L, T, R, B);
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(96, 96, L, T, R, B);
        Heatmap expected = OcclusionExplainer.standard().explain(model, image).heatmap();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Heatmap>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> OcclusionExplainer.standard().explain(model, image).heatmap()));
            }
            for (var f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
