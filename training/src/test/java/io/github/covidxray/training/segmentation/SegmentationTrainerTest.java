package io.github.covidxray.training.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.jni.JniUtils;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.training.nn.UNetBlock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny U-Net run: the seed decides the weights (same seed, same weights; another seed, others), with
 * augmentation on, so shuffling and every augmentation draw come from the seed alone (SampleSeeds), not from
 * thread timing. One PyTorch intra-op thread, as the training README states for reproducibility.
 */
class SegmentationTrainerTest {

    /** A 32x32 image with a brighter rectangle and that rectangle as the mask; both vary with {@code k}. */
    private static SegmentationSample sample(int k) {
        Random r = new Random(k);
        int n = 32;
        byte[] image = new byte[n * n];
        byte[] mask = new byte[n * n];
        int x0 = 4 + r.nextInt(8);
        int y0 = 4 + r.nextInt(8);
        int w = 10 + r.nextInt(8);
        int h = 10 + r.nextInt(8);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
                image[y * n + x] = (byte) ((inside ? 170 : 60) + r.nextInt(30));
                mask[y * n + x] = (byte) (inside ? 255 : 0);
            }
        }
        return new SegmentationSample(XrayImage.ofGray8(n, n, image, "img-" + k),
                XrayImage.ofGray8(n, n, mask, "mask-" + k), "p" + k);
    }

    private static ModelBundle train(long seed, Path out) throws Exception {
        List<SegmentationSample> train = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            train.add(sample(k));
        }
        List<SegmentationSample> val = List.of(sample(100), sample(101));
        SegmentationTrainer trainer = SegmentationTrainer.builder().optImageSize(16).optBaseFilters(4)
                .optBatchSize(4).optEpochs(2, 2).optSeed(seed).optAugmentation(MaskAugmentation.CONSERVATIVE)
                .optEngine("PyTorch").build();
        SegmentationTrainer.Result result = trainer.train(train, val, out, (done, total, message) -> {});
        assertEquals(2, result.epochsRun(), result.stopReason());
        assertTrue(result.bestValidationDice() >= 0 && result.bestValidationDice() <= 1, "Dice "
                + result.bestValidationDice());
        return result.bundle();
    }

    /** The largest absolute difference between two U-Net bundles' weights, parameter by parameter. */
    private static double largestWeightDifference(ModelBundle a, ModelBundle b) throws Exception {
        try (Model ma = unet(a); Model mb = unet(b)) {
            ParameterList pa = ma.getBlock().getParameters();
            ParameterList pb = mb.getBlock().getParameters();
            assertEquals(pa.size(), pb.size());
            double largest = 0;
            for (int i = 0; i < pa.size(); i++) {
                NDArray difference = pa.valueAt(i).getArray().sub(pb.valueAt(i).getArray()).abs();
                largest = Math.max(largest, difference.max().getFloat());
                difference.close();
            }
            return largest;
        }
    }

    private static Model unet(ModelBundle bundle) throws Exception {
        Matcher m = Pattern.compile("(.+)-(\\d{4})\\.params").matcher(bundle.card().weights());
        assertTrue(m.matches(), bundle.card().weights());
        Model model = Model.newInstance("unet", "PyTorch");
        model.setBlock(UNetBlock.create(1, 4, 4));
        model.load(bundle.directory(), m.group(1), Map.of("epoch", m.group(2)));
        return model;
    }

    @Test
    void theSeedDecidesTheWeights(@TempDir Path dir) throws Exception {
        Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            ModelBundle a = train(7, dir.resolve("a"));
            ModelBundle b = train(7, dir.resolve("b"));
            ModelBundle c = train(8, dir.resolve("c"));
            // To a tolerance, as ClassifierTrainerTest: one-thread runs may differ in the last bits elsewhere.
            double same = largestWeightDifference(a, b);
            double other = largestWeightDifference(a, c);
            assertTrue(same <= 1e-4, "same seed, same weights to 1e-4: largest difference " + same);
            assertTrue(other > 1e-2, "another seed, other weights: largest difference " + other);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }
}
