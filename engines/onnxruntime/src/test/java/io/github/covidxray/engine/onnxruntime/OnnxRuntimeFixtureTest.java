package io.github.covidxray.engine.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.spi.PooledDjlClassifier;
import io.github.covidxray.core.testing.TorchvisionFixtures;
import java.nio.file.Path;
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
                    ((PooledDjlClassifier) c).forwardRaw(input, TorchvisionFixtures.BATCH));
        }
    }
}
