package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.DenseNet121Block;
import io.github.covidxray.training.nn.MobileNetV2Block;
import io.github.covidxray.training.nn.TorchvisionWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports networks holding the shared torchvision fixture weights and checks ONNX Runtime reproduces the
 * logits eager PyTorch gave for the fixture batch, also relative to their size. Skips without {@code ../shared}.
 */
class TorchvisionFixtureExportTest {

    private static final Logger LOG = LoggerFactory.getLogger(TorchvisionFixtureExportTest.class);
    private static final double TOLERANCE = 1e-4;
    private static final Shape INPUT_SHAPE = new Shape(8, 3, 224, 224);

    @TempDir
    Path tmp;

    @Test
    void mobileNetV2ReproducesTorchvisionLogits() throws Exception {
        assertReproduces(MobileNetV2Block.builder().setNumClasses(3).build(), "mobilenet_v2_cls3");
    }

    @Test
    void denseNet121ReproducesTorchvisionLogits() throws Exception {
        assertReproduces(DenseNet121Block.builder().setNumClasses(3).build(), "densenet121_cls3");
    }

    private void assertReproduces(ClassifierNetwork network, String fixture) throws Exception {
        Path dir = SharedData.requireTorchvisionModels();
        float[] input = readFloats(dir.resolve("input_b8_224.bin"));
        float[] reference = readFloats(dir.resolve(fixture + "_ref_b8.bin"));
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            network.initialize(manager, 224);
            TorchvisionWeights.loadInto(network, dir.resolve(fixture + "_state.npz"), true);
            Path file = tmp.resolve(fixture + ".onnx");
            OnnxExporter.Report report = OnnxExporter.builder().optImageSize(224, 224).build().export(network, file);
            ExportTesting.Logits onnx = ExportTesting.onnxRuntime(file, input, INPUT_SHAPE);
            ExportTesting.Logits expected = new ExportTesting.Logits(reference, new Shape(8, 3));
            // DJL on the first two images only: DenseNet-121 on eager DJL is slow, and the reference covers all 8.
            Shape two = new Shape(2, 3, 224, 224);
            ExportTesting.Logits djl = ExportTesting.pytorch(network, manager, input, two);
            double vsTorchvision = onnx.maxAbsDiff(expected);
            double vsDjl = onnx.head(2).maxAbsDiff(djl);
            LOG.info("{}: max |onnx - torchvision| = {}, max |onnx - djl pytorch| = {} (max |logit| {});"
                    + " export {} ms, {} bytes", fixture, vsTorchvision, vsDjl, expected.maxAbs(),
                    report.elapsed().toMillis(), report.bytes());
            assertEquals(new Shape(8, 3), onnx.shape());
            assertTrue(vsTorchvision < TOLERANCE, "vs torchvision reference: " + vsTorchvision);
            // Random torchvision MobileNetV2 logits are tiny (about 1e-9): also bound the error relative to them.
            assertTrue(vsTorchvision <= TOLERANCE * expected.maxAbs(), "relative to the largest logit "
                    + expected.maxAbs() + ": " + vsTorchvision);
            assertTrue(vsDjl < TOLERANCE, "vs DJL PyTorch: " + vsDjl);
        }
    }

    private static float[] readFloats(Path file) throws java.io.IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
