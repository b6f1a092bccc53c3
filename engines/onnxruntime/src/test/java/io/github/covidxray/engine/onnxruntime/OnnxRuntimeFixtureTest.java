package io.github.covidxray.engine.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.testing.TorchvisionFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ONNX Runtime reproduces eager PyTorch's logits for torchvision's MobileNetV2 and DenseNet-121 (shared fixtures). */
class OnnxRuntimeFixtureTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "densenet121"})
    void reproducesReferenceLogits(String model) throws Exception {
        float[] input = TorchvisionFixtures.inputBatch();
        ModelBundle bundle = TorchvisionFixtures.bundle(model + "_cls3.onnx", dir.resolve(model));
        ClassifierOptions options = ClassifierOptions.builder().setBundle(bundle.directory()).optPoolSize(1).build();
        try (CovidClassifier c = CovidClassifier.load(options)) {
            assertEquals(OnnxRuntimeBackend.ENGINE, c.engine());
            TorchvisionFixtures.assertMatchesReference(model,
                    ((ClassifierDiagnostics) c).forwardRaw(input, TorchvisionFixtures.BATCH));
        }
    }

    @Test
    void preprocessingSizeTheGraphDoesNotTakeIsRejectedAtLoad() throws Exception {
        // The export fixes 224x224; a bundle saying 64x64 must fail when opened, not on the first image.
        ModelBundle fixed = TorchvisionFixtures.bundle("mobilenet_v2_cls3.onnx", dir.resolve("224"));
        ModelBundle wrong = ModelBundle.write(dir.resolve("64"), fixed.card().withPreprocessing(
                PreprocessingSpec.imagenet(64)), fixed.weightsFile());
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> CovidClassifier.load(wrong.directory()));
        assertTrue(e.getMessage().contains("(1, 3, 64, 64)") && e.getMessage().contains("Expected: 224"), e.getMessage());
    }
}
