package io.github.covidxray.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.testing.TestImages;
import io.github.covidxray.core.testing.TinyNet;
import io.github.covidxray.core.testing.TinyOnnx;
import io.github.covidxray.core.testing.TorchvisionFixtures;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime and PyTorch give the same predictions for the same model through {@link CovidClassifier}. */
class EngineAgreementTest {

    private static final List<String> LABELS = TorchvisionFixtures.LABELS;

    @TempDir
    Path dir;

    private static List<XrayImage> images() {
        List<XrayImage> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int w = 90 + 10 * i;
            int h = 120 - 7 * i;
            var img = TestImages.chestLike(w, h, i);
            list.add(XrayImage.ofGray8(w, h, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), "chest-" + i));
        }
        return list;
    }

    private static ModelBundle bundle(Path dir, Path weights, ModelFormat format, String arch, int size) throws Exception {
        ModelCard card = ModelCard.builder().setName(arch).setArchitecture(arch).setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.builder().setSize(size).build())
                .setWeights(format, weights.getFileName().toString()).build();
        return ModelBundle.write(dir, card, weights);
    }

    /** Same labels and probabilities, and raw outputs equal relative to their size (MobileNetV2's are ~1e-9). */
    private static void assertSamePredictions(ModelBundle onnx, ModelBundle torch, double tolerance) throws Exception {
        List<XrayImage> images = images();
        float[] batch = new XrayPreprocessor(onnx.card().preprocessing()).toBatch(images, null);
        try (CovidClassifier ort = CovidClassifier.load(onnx.directory());
                CovidClassifier pt = CovidClassifier.load(torch.directory())) {
            assertEquals("OnnxRuntime", ort.engine());
            assertEquals(PyTorchBackend.ENGINE, pt.engine());
            List<Prediction> a = ort.classify(images);
            List<Prediction> b = pt.classify(images);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).label(), b.get(i).label(), "image " + i);
                for (String label : LABELS) {
                    assertEquals(a.get(i).probability(label), b.get(i).probability(label), tolerance, "image " + i + " " + label);
                }
            }
            float[][] rawA = ((ClassifierDiagnostics) ort).forwardRaw(batch, images.size());
            float[][] rawB = ((ClassifierDiagnostics) pt).forwardRaw(batch, images.size());
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < rawA.length; i++) {
                for (int k = 0; k < rawA[i].length; k++) {
                    scale = Math.max(scale, Math.abs(rawA[i][k]));
                    diff = Math.max(diff, Math.abs(rawA[i][k] - rawB[i][k]));
                }
            }
            assertTrue(diff <= tolerance * scale, "max |ONNX - PyTorch| " + diff + " vs largest output " + scale);
            assertFalse(Arrays.equals(rawA[0], rawA[1]), "images must give different outputs");
        }
    }

    @Test
    void tinyNetAsOnnxGraphAndAsDjlBlockAgree() throws Exception {
        TinyNet net = TinyNet.random(3, TinyBlocks.FILTERS, LABELS.size(), 11);
        Path src = Files.createDirectories(dir.resolve("src"));
        ModelBundle onnx = bundle(dir.resolve("onnx"), TinyOnnx.write(net, src.resolve("tiny.onnx"), false),
                ModelFormat.ONNX, TinyBlocks.ARCHITECTURE, 40);
        ModelBundle params = bundle(dir.resolve("djl"), TinyBlocks.saveParams(net, src.resolve("tiny-0003.params")),
                ModelFormat.DJL, TinyBlocks.ARCHITECTURE, 40);
        assertSamePredictions(onnx, params, 1e-5);
    }

    @Test
    void mobileNetV2AsOnnxAndAsTorchScriptAgree() throws Exception {
        Path onnx = TorchvisionFixtures.require("mobilenet_v2_cls3.onnx");
        Path pt = TorchvisionFixtures.require("mobilenet_v2_cls3_trace.pt");
        assertSamePredictions(bundle(dir.resolve("onnx"), onnx, ModelFormat.ONNX, "mobilenetv2", 224),
                bundle(dir.resolve("pt"), pt, ModelFormat.TORCHSCRIPT, "mobilenetv2", 224), 1e-4);
    }
}
