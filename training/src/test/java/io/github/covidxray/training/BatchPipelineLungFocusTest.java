package io.github.covidxray.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.PreprocessingSpec.LungFocus;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.explain.LungFocuser;
import io.github.covidxray.core.testing.FakeLungSegmenter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPipelineLungFocusTest {

    private static final int W = 60;
    private static final int H = 50;

    @TempDir
    Path tmp;

    /** A lung box that differs per image (by its first pixel), so a crop reused for the wrong file would show. */
    private static LungMask mask(XrayImage image) {
        int shift = image.pixel(0, 0) % 7;
        boolean[] m = new boolean[W * H];
        for (int y = 10 + shift; y < 30 + shift; y++) {
            for (int x = 12 + shift; x < 40 + shift; x++) {
                m[y * W + x] = true;
            }
        }
        return LungMask.of(W, H, m, image.source());
    }

    @Test
    void cropsAreTheFocusersAndEachFileIsSegmentedOnce() throws Exception {
        List<BatchPipeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    img.getRaster().setSample(x, y, 0, (i * 37 + x * 3 + y * 5) % 256);
                }
            }
            Path file = tmp.resolve("x" + i + ".png");
            ImageIO.write(img, "png", file.toFile());
            samples.add(new BatchPipeline.Sample(file, i % 2));
        }
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(16).optChannels(1)
                .optLungFocus(LungFocus.CROP, 0.05).build();
        AtomicInteger segmentations = new AtomicInteger();
        FakeLungSegmenter segmenter = new FakeLungSegmenter(image -> {
            segmentations.incrementAndGet();
            return mask(image);
        });
        XrayPreprocessor pre = new XrayPreprocessor(spec);
        try (BatchPipeline pipeline = new BatchPipeline(pre, LungFocuser.of(spec, segmenter), 2)) {
            float[] first = all(pipeline.batches(samples, 4, Augmentation.NONE, 1));
            float[] second = all(pipeline.batches(samples, 4, Augmentation.NONE, 2));
            assertEquals(samples.size(), segmentations.get(), "one segmentation per file over two epochs");
            assertArrayEquals(first, second, "the cached crop gives the same inputs");
            float[] expected = new float[samples.size() * spec.sampleSize()];
            for (int i = 0; i < samples.size(); i++) {
                XrayImage image = XrayImage.read(samples.get(i).file(), spec.readOptions());
                pre.toChw(LungFocuser.apply(image, mask(image), spec).image(), expected, i * spec.sampleSize());
            }
            assertArrayEquals(expected, first, "each input is its own file's lung crop");
        }
    }

    private static float[] all(Iterator<BatchPipeline.Batch> batches) {
        float[] out = new float[0];
        while (batches.hasNext()) {
            BatchPipeline.Batch b = batches.next();
            int from = out.length;
            out = Arrays.copyOf(out, from + b.data().length);
            System.arraycopy(b.data(), 0, out, from, b.data().length);
        }
        return out;
    }
}
