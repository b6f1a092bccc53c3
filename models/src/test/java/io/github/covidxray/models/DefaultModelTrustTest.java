package io.github.covidxray.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The default model's trust outputs: class activation maps, the out-of-distribution gate and the temperature,
 * all from the one forward pass of the re-shipped ONNX graph (its logits are checked against the DJL twin in
 * {@link DefaultModelTest}).
 */
class DefaultModelTrustTest {

    private static final Path DJL_TWIN = Path.of("src/test/resources/default-djl");

    @Test
    void cardCarriesTheExtraOutputsTheGateAndTheTemperature() throws Exception {
        try (CovidClassifier c = CovidClassifier.loadDefault()) {
            assertEquals(List.of(ModelOutput.SCORES, ModelOutput.POOLED_FEATURES, ModelOutput.CLASS_ACTIVATION_MAPS),
                    c.card().outputs());
            assertNotNull(c.card().ood(), "the default model has an out-of-distribution gate");
            assertNotNull(c.card().temperature(), "and a fitted temperature");
            Prediction p = c.classify(chestLike(1));
            assertTrue(Double.isFinite(p.oodScore()), "every prediction carries the OOD score: " + p.oodScore());
        }
    }

    @Test
    void camExplainsThePredictedLabelOverTheWholeImage() throws Exception {
        try (CovidClassifier c = CovidClassifier.loadDefault()) {
            XrayImage image = chestLike(2);
            Explanation e = c.explain(image);
            assertEquals(ExplanationMethod.CAM, e.method(), "the default model carries maps, so CAM is the default");
            Prediction p = c.classify(image);
            assertEquals(p.label(), e.explainedLabel());
            assertEquals(p.probabilities(), e.prediction().probabilities(), "the same forward pass answers both");
            Heatmap h = e.heatmap();
            assertTrue(h.rows() >= 7 && h.cols() >= 7, h.toString());
            assertTrue(h.max() > 0, "some region supports the predicted class");
        }
    }

    @Test
    void camOfAPaddedImageIsZeroWhereCenterCropCutTheImage() throws Exception {
        try (CovidClassifier c = CovidClassifier.loadDefault()) {
            // 3:1 wide: CENTER_CROP keeps the middle third, so the outer thirds of the heatmap must be empty.
            XrayImage chest = chestLike(3);
            int w = chest.width();
            int h = chest.height();
            byte[] wide = new byte[3 * w * h];
            int[] px = chest.toIntArray();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    wide[y * 3 * w + w + x] = (byte) px[y * w + x];
                }
            }
            Heatmap map = c.explain(XrayImage.ofGray8(3 * w, h, wide, "wide"), ExplanationMethod.CAM).heatmap();
            int third = map.cols() / 3;
            for (int r = 0; r < map.rows(); r++) {
                for (int col = 0; col < third; col++) {
                    assertEquals(0f, map.value(r, col), "left of the crop, row " + r + " col " + col);
                    assertEquals(0f, map.value(r, map.cols() - 1 - col), "right of the crop");
                }
            }
        }
    }

    @Test
    void batchExplanationsMatchSingleOnes() throws Exception {
        try (CovidClassifier c = CovidClassifier.loadDefault()) {
            List<XrayImage> images = List.of(chestLike(4), chestLike(5), chestLike(6));
            List<Explanation> batch = c.explain(images, ExplanationMethod.CAM);
            for (int i = 0; i < images.size(); i++) {
                Explanation one = c.explain(images.get(i), ExplanationMethod.CAM);
                assertEquals(one.explainedLabel(), batch.get(i).explainedLabel());
                float[] a = one.heatmap().values();
                float[] b = batch.get(i).heatmap().values();
                for (int k = 0; k < a.length; k++) {
                    assertEquals(a[k], b[k], 1e-4 * (1 + Math.abs(a[k])));
                }
            }
        }
    }

    @Test
    void gateFlagsAboutOnePercentOfRealValidationXraysAndNoiseMoreOften() throws Exception {
        Path cxr = SharedData.requireCxr();
        XrayDataset val = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "val");
        int flaggedReal = 0;
        double realScoreSum = 0;
        try (CovidClassifier c = CovidClassifier.loadDefault()) {
            List<XrayImage> batch = new ArrayList<>();
            for (XrayRecord r : val.records()) {
                batch.add(XrayImage.read(r.file(), c.readOptions()));
                if (batch.size() == 16 || r == val.records().get(val.records().size() - 1)) {
                    for (Prediction p : c.classify(batch)) {
                        flaggedReal += p.outOfDistribution() ? 1 : 0;
                        realScoreSum += p.oodScore();
                    }
                    batch.clear();
                }
            }
            double share = flaggedReal / (double) val.records().size();
            assertTrue(share > 0 && share <= 0.02, "calibrated to flag about 1% of val, flags " + share);
            double noiseScoreSum = 0;
            int noiseFlagged = 0;
            for (int i = 0; i < 8; i++) {
                Prediction p = c.classify(noise(i));
                noiseScoreSum += p.oodScore();
                noiseFlagged += p.outOfDistribution() ? 1 : 0;
            }
            assertTrue(noiseScoreSum / 8 > realScoreSum / val.records().size(),
                    "noise scores as more unusual than real X-rays on average");
            // The first gate (pooled features and roughness only) let half of such noise through.
            assertEquals(8, noiseFlagged, "noise is flagged every time");
        }
    }

    @Test
    void explainingWithoutMapsSaysWhy() throws Exception {
        try (CovidClassifier torch = CovidClassifier.load(ClassifierOptions.builder().setBundle(DJL_TWIN).build())) {
            UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsupportedOperationException.class, () -> torch.explain(chestLike(7), ExplanationMethod.CAM));
            assertTrue(e.getMessage().contains("class activation maps"), e.getMessage());
            assertFalse(torch.card().has(ModelOutput.CLASS_ACTIVATION_MAPS));
        }
    }

    private static XrayImage chestLike(long seed) throws Exception {
        byte[] png = io.github.covidxray.core.testing.TestImages.encode(
                io.github.covidxray.core.testing.TestImages.chestLike(300, 280, seed), "png");
        return XrayImage.read(png, "generated-" + seed + ".png");
    }

    /** Uniform noise for even seeds; Gaussian noise at 512 px (smooth after downsampling) for odd ones. */
    private static XrayImage noise(long seed) {
        Random r = new Random(seed);
        if (seed % 2 == 0) {
            byte[] p = new byte[256 * 256];
            r.nextBytes(p);
            return XrayImage.ofGray8(256, 256, p, "noise-" + seed);
        }
        byte[] p = new byte[512 * 512];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(128 + 40 * r.nextGaussian())));
        }
        return XrayImage.ofGray8(512, 512, p, "gaussian-noise-" + seed);
    }
}
