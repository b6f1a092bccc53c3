package io.github.covidxray.engine.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.core.testing.TestImages;
import io.github.covidxray.core.testing.TinyNet;
import io.github.covidxray.core.testing.TinyOnnx;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's own options, and models that output probabilities rather than logits. */
class OnnxRuntimeOptionsTest {

    private static final TinyNet NET = TinyNet.random(1, 4, 2, 3);
    private static final List<String> LABELS = List.of("covid", "other");

    @TempDir
    Path dir;

    private ModelBundle bundle(String name, boolean softmax, OutputKind output) throws Exception {
        Path onnx = TinyOnnx.write(NET, dir.resolve(name + ".onnx"), softmax);
        ModelCard card = ModelCard.builder().setName(name).setArchitecture("tiny-cnn").setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.builder().setSize(24).optChannels(1).build())
                .setWeights(ModelFormat.ONNX, onnx.getFileName().toString()).optOutput(output).build();
        return ModelBundle.write(dir.resolve(name), card, onnx);
    }

    private static XrayImage image() {
        var img = TestImages.chestLike(50, 40, 5);
        return XrayImage.ofGray8(50, 40, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), "chest");
    }

    private static double[] probs(Prediction p) {
        return p.probabilities().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void threadCountsAndOptimisationLevelsGiveTheSameAnswers() throws Exception {
        ModelBundle b = bundle("logits", false, OutputKind.LOGITS);
        double[] reference;
        try (CovidClassifier c = CovidClassifier.load(b.directory())) {
            reference = probs(c.classify(image()));
        }
        for (String level : List.of("NO_OPT", "basic_opt", "ALL_OPT")) {
            ClassifierOptions options = ClassifierOptions.builder().setBundle(b.directory()).optIntraOpThreads(1)
                    .optInterOpThreads(2).optEngineOption(OnnxRuntimeBackend.GRAPH_OPTIMIZATION, level).build();
            try (CovidClassifier c = CovidClassifier.load(options)) {
                assertArrayEquals(reference, probs(c.classify(image())), 1e-6, level);
            }
        }
    }

    @Test
    void unknownOptimisationLevelIsRejectedWithTheValidOnes() throws Exception {
        ModelBundle b = bundle("bad-level", false, OutputKind.LOGITS);
        ClassifierOptions options = ClassifierOptions.builder().setBundle(b.directory())
                .optEngineOption(OnnxRuntimeBackend.GRAPH_OPTIMIZATION, "FAST").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CovidClassifier.load(options));
        assertTrue(e.getMessage().contains("FAST") && e.getMessage().contains("ALL_OPT"), e.getMessage());
    }

    @Test
    void probabilityOutputsAreNotSoftmaxedTwice() throws Exception {
        try (CovidClassifier logits = CovidClassifier.load(bundle("logits2", false, OutputKind.LOGITS).directory());
                CovidClassifier probabilities = CovidClassifier.load(
                        bundle("probs", true, OutputKind.PROBABILITIES).directory())) {
            Prediction a = logits.classify(image());
            Prediction b = probabilities.classify(image());
            assertArrayEquals(probs(a), probs(b), 1e-6);
            assertEquals(a.label(), b.label());
        }
    }
}
