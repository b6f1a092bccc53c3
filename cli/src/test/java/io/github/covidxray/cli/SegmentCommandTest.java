package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.export.OnnxBundleExporter;
import io.github.covidxray.export.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segmentation bundles on both engines, kept apart from classifiers, and the {@code segment} command. */
class SegmentCommandTest {

    private static final int SIZE = 32;

    @TempDir
    Path tmp;

    private static XrayImage image(int w, int h, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (((i % w) * 255 / w + r.nextInt(40)) & 0xFF);
        }
        return XrayImage.ofGray8(w, h, px, "random-" + seed);
    }

    @Test
    void pyTorchAndOnnxRuntimeGiveTheSameMasksInImageCoordinates() throws Exception {
        ModelBundle djl = TestBundles.randomUNet(tmp.resolve("djl"), SIZE, 3);
        ModelBundle onnx = OnnxBundleExporter.builder().build().export(djl, tmp.resolve("onnx")).bundle();
        assertEquals(OutputKind.MASK_LOGITS, onnx.card().output());
        List<XrayImage> images = List.of(image(90, 60, 1), image(40, 70, 2), image(64, 64, 3));
        List<LungMask> torch;
        List<LungMask> ort;
        try (LungSegmenter s = LungSegmenter.load(ClassifierOptions.builder().setBundle(djl.directory())
                .optMaxBatchSize(2).build())) {
            assertEquals("PyTorch", s.engine());
            torch = s.segment(images);
        }
        try (LungSegmenter s = LungSegmenter.load(onnx.directory())) {
            assertEquals("OnnxRuntime", s.engine());
            ort = s.segment(images);
        }
        int mixed = 0;
        for (int i = 0; i < images.size(); i++) {
            assertEquals(images.get(i).width(), ort.get(i).width());
            assertEquals(images.get(i).height(), ort.get(i).height());
            boolean[] a = torch.get(i).toBooleanArray();
            boolean[] b = ort.get(i).toBooleanArray();
            int differ = 0;
            int inside = 0;
            for (int k = 0; k < a.length; k++) {
                differ += a[k] != b[k] ? 1 : 0;
                inside += a[k] ? 1 : 0;
            }
            // Only pixels whose logit is within float rounding of 0 may differ.
            assertTrue(differ <= a.length / 500, differ + " of " + a.length + " pixels differ on image " + i);
            mixed += inside > 0 && inside < a.length ? 1 : 0;
        }
        assertTrue(mixed > 0, "the seeded random network should draw a mixed mask on some image, or nothing is compared");
    }

    @Test
    void segmentationAndClassificationBundlesAreNotMixedUp() throws Exception {
        ModelBundle unet = TestBundles.randomUNet(tmp.resolve("unet"), SIZE, 3);
        InvalidBundleException asClassifier = assertThrows(InvalidBundleException.class,
                () -> CovidClassifier.load(unet.directory()));
        assertTrue(asClassifier.getMessage().contains("LungSegmenter"), asClassifier.getMessage());
        ModelBundle classifier = TestBundles.grayMobileNetV2(tmp.resolve("mobilenet"), 32);
        InvalidBundleException asSegmenter = assertThrows(InvalidBundleException.class,
                () -> LungSegmenter.load(classifier.directory()));
        assertTrue(asSegmenter.getMessage().contains("not a segmentation model"), asSegmenter.getMessage());
    }

    @Test
    void writesMaskAndOverlayPerImageAndOneJsonLineEach() throws Exception {
        ModelBundle unet = TestBundles.randomUNet(tmp.resolve("unet"), SIZE, 3);
        Path in = Files.createDirectories(tmp.resolve("in"));
        GrayPng.write(image(60, 40, 5), in.resolve("a.png"));
        GrayPng.write(image(30, 50, 6), in.resolve("b.png"));
        Files.writeString(in.resolve("broken.png"), "not a png");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("segment", "--model", unet.directory().toString(), "--json", "--out", out.toString(),
                in.toString());
        assertEquals(1, run.code(), "one input is broken: " + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        int ok = 0;
        for (String line : lines) {
            JsonNode row = CommonOptions.JSON.readTree(line);
            if (row.has("error")) {
                assertTrue(row.get("file").asText().endsWith("broken.png"), line);
                continue;
            }
            ok++;
            Path mask = Path.of(row.get("mask").asText());
            XrayImage written = XrayImage.read(mask);
            XrayImage source = XrayImage.read(Path.of(row.get("file").asText()));
            assertEquals(source.width(), written.width());
            assertEquals(source.height(), written.height());
            long inside = 0;
            for (int y = 0; y < written.height(); y++) {
                for (int x = 0; x < written.width(); x++) {
                    inside += written.pixel(x, y) == 255 ? 1 : 0;
                }
            }
            assertEquals(inside / (double) source.pixelCount(), row.get("lung_fraction").asDouble(), 1e-4);
            double quality = row.get("quality").asDouble();
            assertTrue(quality >= 0 && quality <= 1);
            assertTrue(Files.size(Path.of(row.get("overlay").asText())) > 0);
        }
        assertEquals(2, ok);
        assertTrue(run.err().contains("not a medical device"), run.err());
    }
}
