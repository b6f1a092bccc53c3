package io.github.covidxray.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.eval.MaskAgreement;
import io.github.covidxray.core.eval.MaskOverlap;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.core.testing.TestImages;
import io.github.covidxray.training.segmentation.SegmentationData;
import io.github.covidxray.training.segmentation.SegmentationSample;
import io.github.covidxray.training.segmentation.SegmenterEvaluation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped lung segmenter: it loads from the class path, keeps its validation Dice above a floor against
 * regressions (the validation split picked its epoch, so this is not a test result), and its ONNX and PyTorch
 * versions draw the same masks.
 */
class LungModelTest {

    /** The same weights in DJL format, kept in the test resources to compare engines. */
    private static final Path DJL_TWIN = Path.of("src/test/resources/lungs-djl");

    @Test
    void loadsFromTheClasspathAndSegmentsAGeneratedImageAtItsOwnSize() throws Exception {
        assertTrue(LungSegmenter.hasDefaultModel());
        try (LungSegmenter segmenter = LungSegmenter.loadDefault()) {
            assertEquals(ModelFormat.ONNX, segmenter.card().format());
            assertEquals(OutputKind.MASK_LOGITS, segmenter.card().output());
            assertEquals(List.of("lungs"), segmenter.card().labels());
            XrayImage image = XrayImage.read(TestImages.encode(TestImages.chestLike(300, 220, 5), "png"), "generated.png");
            LungMask mask = segmenter.segment(image);
            assertEquals(300, mask.width());
            assertEquals(220, mask.height());
            assertTrue(mask.quality() >= 0 && mask.quality() <= 1);
        }
    }

    @Test
    void keepsItsValidationDiceAndFlagsFewMasks() throws Exception {
        Path lungseg = SharedData.requireLungseg();
        List<SegmentationSample> val = SegmentationData.read(lungseg.resolve("manifest.csv"), "val");
        SegmenterEvaluation e;
        try (LungSegmenter segmenter = LungSegmenter.loadDefault()) {
            e = SegmenterEvaluation.run(segmenter, val, 200, 1, (d, t, m) -> { });
        }
        MaskAgreement a = e.agreement();
        assertEquals(48, a.images());
        assertTrue(a.dice().value() >= 0.92, "mean val Dice " + a.dice());
        assertTrue(a.diceQuantile(0.1) >= 0.85, "10th percentile of val Dice " + a.diceQuantile(0.1));
        long flagged = e.images().stream().filter(r -> r.quality() < LungMask.QUALITY_THRESHOLD).count();
        assertTrue(flagged <= 2, flagged + " of 48 manual-mask images flagged");
    }

    @Test
    void onnxAndPyTorchVersionsDrawTheSameMasks() throws Exception {
        Path lungseg = SharedData.requireLungseg();
        List<SegmentationSample> val = SegmentationData.read(lungseg.resolve("manifest.csv"), "val").subList(0, 6);
        try (LungSegmenter onnx = LungSegmenter.loadDefault();
                LungSegmenter torch = LungSegmenter.load(ClassifierOptions.builder().setBundle(DJL_TWIN).build())) {
            assertEquals("PyTorch", torch.engine());
            for (SegmentationSample s : val) {
                double dice = MaskOverlap.of(onnx.segment(s.image()).toBooleanArray(),
                        torch.segment(s.image()).toBooleanArray()).dice();
                assertTrue(dice > 0.999, s.image().source() + ": engines agree only to Dice " + dice);
            }
        }
    }
}
