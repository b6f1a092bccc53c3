package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.MobileNetV2Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBundleExporterTest {

    private static final int SIZE = 64;
    private static final List<String> LABELS = TestBundles.LABELS;

    @TempDir
    Path tmp;

    @Test
    void onnxBundleKeepsTheCardAndGivesTheSameLogits() throws Exception {
        Path out = tmp.resolve("onnx");
        try (Model model = Model.newInstance("gray", ExportTesting.PYTORCH)) {
            ClassifierNetwork network = MobileNetV2Block.builder().setNumClasses(LABELS.size()).optInChannels(1).build();
            model.setBlock(network);
            network.initialize(model.getNDManager(), SIZE);
            ExportTesting.randomizeStatistics(network, 11);
            ModelBundle djl = TestBundles.writeDjl(model, card(MobileNetV2Block.ARCHITECTURE), tmp.resolve("djl"));

            OnnxBundleExporter.Result result = OnnxBundleExporter.builder().build().export(djl, out);

            ModelBundle onnx = ModelBundle.load(out);
            ModelCard card = onnx.card();
            assertEquals(ModelFormat.ONNX, card.format());
            assertTrue(card.weights().endsWith(".onnx"), card.weights());
            assertEquals(djl.card().withFormat(ModelFormat.ONNX).withWeights(card.weights(), card.sha256())
                    .withProvenance(card.provenance()).withOutputs(card.outputs()), card,
                    "all but format, weights, provenance and outputs unchanged");
            assertEquals(List.of(io.github.covidxray.core.model.ModelOutput.SCORES,
                    io.github.covidxray.core.model.ModelOutput.POOLED_FEATURES,
                    io.github.covidxray.core.model.ModelOutput.CLASS_ACTIVATION_MAPS), card.outputs(),
                    "model.json lists the extra outputs the graph carries");
            assertEquals("seed 1", card.provenance().get("training"), "old provenance kept");
            @SuppressWarnings("unchecked")
            Map<String, Object> from = (Map<String, Object>) card.provenance().get(OnnxBundleExporter.EXPORTED_FROM);
            assertEquals(djl.card().sha256(), from.get("sha256"));
            assertEquals(djl.card().weights(), from.get("weights"));
            assertEquals(52, result.report().foldedBatchNorms());

            Shape shape = new Shape(2, 1, SIZE, SIZE);
            float[] input = ExportTesting.randomInput(shape, 5);
            double diff = ExportTesting.onnxRuntime(onnx.weightsFile(), input, shape)
                    .maxAbsDiff(ExportTesting.pytorch(network, model.getNDManager(), input, shape));
            assertTrue(diff < 1e-4, "max abs difference " + diff);
        }
    }

    @Test
    void onlyDjlBundlesAreExported() throws Exception {
        ModelBundle onnx = bundleWithJunkWeights(card(MobileNetV2Block.ARCHITECTURE).withFormat(ModelFormat.ONNX),
                "m.onnx");
        exportFailure(onnx, InvalidBundleException.class, "format is onnx, expected djl");
    }

    @Test
    void unknownArchitectureIsNamed() throws Exception {
        exportFailure(bundleWithJunkWeights(card("resnet50"), "m-0000.params"), InvalidBundleException.class,
                "'resnet50'");
    }

    @Test
    void corruptParametersAreReported() throws Exception {
        ModelBundle djl = bundleWithJunkWeights(card(MobileNetV2Block.ARCHITECTURE), "m-0000.params");
        exportFailure(djl, InvalidBundleException.class, "cannot load m-0000.params");
        assertTrue(Files.notExists(tmp.resolve("out").resolve(ModelBundle.MODEL_JSON)), "no bundle written");
    }

    @Test
    void sourceFolderIsNotOverwritten() throws Exception {
        ModelBundle djl = bundleWithJunkWeights(card(MobileNetV2Block.ARCHITECTURE), "m-0000.params");
        assertThrows(IllegalArgumentException.class,
                () -> OnnxBundleExporter.builder().build().export(djl, djl.directory()));
    }

    private ModelBundle bundleWithJunkWeights(ModelCard card, String weightsName) throws java.io.IOException {
        Path weights = Files.write(tmp.resolve(weightsName), new byte[] {1, 2, 3});
        return ModelBundle.write(tmp.resolve("b"), card.withWeights(weightsName, ""), weights);
    }

    private void exportFailure(ModelBundle bundle, Class<? extends Exception> type, String expected) {
        Exception e = assertThrows(type, () -> OnnxBundleExporter.builder().build().export(bundle, tmp.resolve("out")));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static ModelCard card(String architecture) {
        return TestBundles.card("gray", architecture, 1, SIZE);
    }
}
