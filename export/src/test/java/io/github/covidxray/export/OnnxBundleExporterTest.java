package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.github.covidxray.core.PreprocessingSpec;
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
                    .withProvenance(card.provenance()), card, "all but format, weights and provenance unchanged");
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
        Path weights = Files.write(tmp.resolve("m.onnx"), new byte[] {1, 2, 3});
        ModelBundle onnx = ModelBundle.write(tmp.resolve("b"), ModelCard.builder().setName("m")
                .setArchitecture(MobileNetV2Block.ARCHITECTURE).setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.builder().setSize(SIZE).optChannels(1).build())
                .setWeights(ModelFormat.ONNX, "m.onnx").build(), weights);
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> OnnxBundleExporter.builder().build().export(onnx, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("format is onnx, expected djl"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsNamed() throws Exception {
        Path weights = Files.write(tmp.resolve("m-0000.params"), new byte[] {1, 2, 3});
        ModelBundle djl = ModelBundle.write(tmp.resolve("b"), card("resnet50").withWeights("m-0000.params", ""),
                weights);
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> OnnxBundleExporter.builder().build().export(djl, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("'resnet50'"), e.getMessage());
    }

    @Test
    void corruptParametersAreReported() throws Exception {
        Path weights = Files.write(tmp.resolve("m-0000.params"), new byte[] {1, 2, 3});
        ModelBundle djl = ModelBundle.write(tmp.resolve("b"),
                card(MobileNetV2Block.ARCHITECTURE).withWeights("m-0000.params", ""), weights);
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> OnnxBundleExporter.builder().build().export(djl, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("cannot load m-0000.params"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out").resolve(ModelBundle.MODEL_JSON)), "no bundle written");
    }

    @Test
    void sourceFolderIsNotOverwritten() throws Exception {
        Path weights = Files.write(tmp.resolve("m-0000.params"), new byte[] {1, 2, 3});
        Path dir = tmp.resolve("b");
        ModelBundle djl = ModelBundle.write(dir, card(MobileNetV2Block.ARCHITECTURE).withWeights("m-0000.params", ""),
                weights);
        assertThrows(IllegalArgumentException.class, () -> OnnxBundleExporter.builder().build().export(djl, dir));
    }

    private static ModelCard card(String architecture) {
        return TestBundles.card("gray", architecture, 1, SIZE);
    }
}
