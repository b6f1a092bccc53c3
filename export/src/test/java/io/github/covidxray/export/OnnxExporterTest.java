package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.translate.TranslateException;
import ai.onnx.proto.OnnxMl;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.DenseNet121Block;
import io.github.covidxray.training.nn.MobileNetV2Block;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class OnnxExporterTest {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExporterTest.class);
    private static final double TOLERANCE = 1e-4;
    private static final int SIZE = 224;
    private static final int BATCH = 2;

    @TempDir
    Path tmp;

    @Test
    void grayMobileNetV2MatchesPyTorch() throws Exception {
        OnnxExporter.Report report = assertMatchesPyTorch(
                MobileNetV2Block.builder().setNumClasses(3).optInChannels(1).build(), OnnxExporter.builder().build());
        assertEquals(0, report.batchNormNodes(), "every MobileNetV2 BatchNorm follows a convolution");
        assertEquals(52, report.foldedBatchNorms(), "stem, 17 blocks (first without expansion: 2+16*3), last conv");
    }

    @Test
    void rgbMobileNetV2MatchesPyTorch() throws Exception {
        assertMatchesPyTorch(MobileNetV2Block.builder().setNumClasses(2).optInChannels(3).build(),
                OnnxExporter.builder().build());
    }

    @Test
    void denseNet121MatchesPyTorch() throws Exception {
        OnnxExporter.Report report = assertMatchesPyTorch(
                DenseNet121Block.builder().setNumClasses(4).optInChannels(1).build(), OnnxExporter.builder().build());
        int denseLayers = 6 + 12 + 24 + 16;
        // Foldable: the stem's norm0 and each layer's norm2 (after conv1). Kept: norm1 of each layer (after a
        // concatenation), each transition's norm, and norm5.
        assertEquals(1 + denseLayers, report.foldedBatchNorms());
        assertEquals(denseLayers + 3 + 1, report.batchNormNodes());
    }

    @Test
    void unfoldedBatchNormGivesTheSameLogits() throws Exception {
        OnnxExporter.Report report = assertMatchesPyTorch(smallMobileNet(1, 3), OnnxExporter.builder()
                .optFoldBatchNorm(false).build(), 64);
        assertEquals(0, report.foldedBatchNorms());
        assertEquals(52, report.batchNormNodes());
    }

    @Test
    void batchIsDynamicAndGraphIsNamedAsDocumented() throws Exception {
        ClassifierNetwork network = smallMobileNet(3, 5);
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            network.initialize(manager, 64);
            ExportTesting.randomizeStatistics(network, 3);
            Path file = tmp.resolve("dynamic.onnx");
            OnnxExporter.builder().build().export(network, file);
            for (int batch : new int[] {1, 3}) {
                Shape shape = new Shape(batch, 3, 64, 48);
                float[] input = ExportTesting.randomInput(shape, batch);
                ExportTesting.Logits onnx = ExportTesting.onnxRuntime(file, input, shape);
                assertEquals(new Shape(batch, 5), onnx.shape());
                assertTrue(onnx.maxAbsDiff(ExportTesting.pytorch(network, manager, input, shape)) < TOLERANCE);
            }
            OnnxMl.GraphProto graph = OnnxExporter.builder().optImageSize(64, 48).build().toModel(network).getGraph();
            assertEquals(1, graph.getInputCount());
            assertEquals(OnnxExporter.INPUT, graph.getInput(0).getName());
            var dims = graph.getInput(0).getType().getTensorType().getShape().getDimList();
            assertEquals("batch", dims.get(0).getDimParam());
            assertEquals(3, dims.get(1).getDimValue());
            assertEquals(64, dims.get(2).getDimValue());
            assertEquals(48, dims.get(3).getDimValue());
            assertEquals(OnnxExporter.OUTPUT, graph.getOutput(0).getName());
            var out = graph.getOutput(0).getType().getTensorType().getShape().getDimList();
            assertEquals("batch", out.get(0).getDimParam());
            assertEquals(5, out.get(1).getDimValue());
            assertTrue(graph.getInitializer(0).getName().startsWith("features.0.0."),
                    "initializers carry torchvision names: " + graph.getInitializer(0).getName());
        }
    }

    @Test
    void activationMapsAverageToTheLogitsMinusTheBiasInOnePass() throws Exception {
        assertMapsAverageToLogits(smallMobileNet(1, 3), 96);
        assertMapsAverageToLogits(DenseNet121Block.builder().setNumClasses(3).optInChannels(1).build(), 64);
    }

    private void assertMapsAverageToLogits(ClassifierNetwork network, int size) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            network.initialize(manager, size);
            ExportTesting.randomizeStatistics(network, 5);
            Path file = tmp.resolve(network.architecture() + "-maps.onnx");
            OnnxExporter.Report report = OnnxExporter.builder().build().export(network, file);
            assertEquals(java.util.List.of(io.github.covidxray.core.model.ModelOutput.SCORES,
                    io.github.covidxray.core.model.ModelOutput.POOLED_FEATURES,
                    io.github.covidxray.core.model.ModelOutput.CLASS_ACTIVATION_MAPS), report.outputs());
            Shape shape = new Shape(BATCH, 1, size, size);
            float[] input = ExportTesting.randomInput(shape, 9);
            var outs = ExportTesting.onnxRuntimeOutputs(file, input, shape);
            assertEquals(3, outs.size());
            ExportTesting.Logits logits = outs.get(0);
            assertTrue(logits.maxAbsDiff(ExportTesting.pytorch(network, manager, input, shape)) < TOLERANCE,
                    "the logits are unchanged by the extra outputs");
            assertEquals(new Shape(BATCH, network.featureSize()), outs.get(1).shape());
            Shape mapShape = outs.get(2).shape();
            assertEquals(4, mapShape.dimension());
            assertEquals(3, mapShape.get(1));
            int cells = (int) (mapShape.get(2) * mapShape.get(3));
            assertTrue(cells > 1, "maps keep a spatial grid: " + mapShape);
            float[] bias = network.linearHead().orElseThrow().getDirectParameters().get("bias").getArray().toFloatArray();
            float[] maps = outs.get(2).values();
            float[] l = logits.values();
            double worst = 0;
            for (int n = 0; n < BATCH; n++) {
                for (int k = 0; k < 3; k++) {
                    double mean = 0;
                    for (int i = 0; i < cells; i++) {
                        mean += maps[(n * 3 + k) * cells + i];
                    }
                    mean /= cells;
                    worst = Math.max(worst, Math.abs(mean + bias[k] - l[n * 3 + k]));
                }
            }
            assertTrue(worst < TOLERANCE, network.architecture() + ": mean map + bias differs from the logits by " + worst);
            // And the maps are not constant: a map without spatial variation would explain nothing.
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = 0; i < cells; i++) {
                min = Math.min(min, maps[i]);
                max = Math.max(max, maps[i]);
            }
            assertTrue(max - min > 1e-6, "the map varies over positions");

            // The DJL block gives the same three outputs, so .params bundles on PyTorch carry them too.
            network.selectOutputs(report.outputs());
            try (NDManager scope = manager.newSubManager()) {
                ai.djl.ndarray.NDList djl = network.forward(new ai.djl.training.ParameterStore(scope, false),
                        new ai.djl.ndarray.NDList(scope.create(input, shape)), false);
                assertEquals(3, djl.size());
                for (int i = 0; i < 3; i++) {
                    ExportTesting.Logits mine = new ExportTesting.Logits(djl.get(i).toFloatArray(), djl.get(i).getShape());
                    double d = mine.maxAbsDiff(outs.get(i));
                    assertTrue(d < TOLERANCE, report.outputs().get(i) + " differs between DJL and ONNX by " + d);
                }
            } finally {
                network.selectOutputs(java.util.List.of(io.github.covidxray.core.model.ModelOutput.SCORES));
            }
        }
    }

    @Test
    void blockWithoutTranslationIsNamed() {
        SequentialBlock backbone = new SequentialBlock().add(Activation.tanhBlock());
        ClassifierNetwork network = ClassifierNetwork.withNewHead("custom", backbone, 1, 16, 2, 0);
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 16));
            UnsupportedBlockException e = assertThrows(UnsupportedBlockException.class,
                    () -> OnnxExporter.builder().build().toModel(network));
            assertTrue(e.getMessage().contains("Tanh"), e.getMessage());
            assertTrue(e.path().startsWith("backbone/"), e.path());
        }
    }

    @Test
    void uninitialisedNetworkIsRefused() {
        ClassifierNetwork network = smallMobileNet(1, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OnnxExporter.builder().build().export(network, tmp.resolve("x.onnx")));
        assertTrue(e.getMessage().contains("mobilenetv2"), e.getMessage());
    }

    @Test
    void imageSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.builder().optImageSize(0, 224));
    }

    private static ClassifierNetwork smallMobileNet(int channels, int classes) {
        return MobileNetV2Block.builder().setNumClasses(classes).optInChannels(channels).optWidthMultiplier(0.25f)
                .build();
    }

    private OnnxExporter.Report assertMatchesPyTorch(ClassifierNetwork network, OnnxExporter exporter)
            throws IOException, ModelException, TranslateException {
        return assertMatchesPyTorch(network, exporter, SIZE);
    }

    private OnnxExporter.Report assertMatchesPyTorch(ClassifierNetwork network, OnnxExporter exporter, int size)
            throws IOException, ModelException, TranslateException {
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            network.initialize(manager, size);
            ExportTesting.randomizeStatistics(network, 42);
            Path file = tmp.resolve(network.architecture() + ".onnx");
            OnnxExporter.Report report = exporter.export(network, file);
            Shape shape = new Shape(BATCH, network.inChannels(), size, size);
            float[] input = ExportTesting.randomInput(shape, 7);
            ExportTesting.Logits expected = ExportTesting.pytorch(network, manager, input, shape);
            ExportTesting.Logits actual = ExportTesting.onnxRuntime(file, input, shape);
            double diff = actual.maxAbsDiff(expected);
            LOG.info("{} ({} channel(s), {} classes, {}x{}): max |onnx - pytorch| = {} (max |logit| {}); "
                    + "export {} ms, {} bytes", network.architecture(), network.inChannels(), network.numClasses(),
                    size, size, diff, expected.maxAbs(), report.elapsed().toMillis(), report.bytes());
            assertTrue(diff < TOLERANCE, "max abs difference " + diff + " >= " + TOLERANCE);
            assertTrue(expected.maxAbs() > 10 * TOLERANCE, "logits too small to compare: " + expected.maxAbs());
            return report;
        }
    }
}
