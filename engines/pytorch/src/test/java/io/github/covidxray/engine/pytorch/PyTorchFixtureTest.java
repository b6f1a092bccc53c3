package io.github.covidxray.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.testing.TorchvisionFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch reproduces eager PyTorch's logits for the traced torchvision MobileNetV2 (shared fixture). */
class PyTorchFixtureTest {

    @TempDir
    Path dir;

    @Test
    void torchScriptMobileNetV2ReproducesReferenceLogits() throws Exception {
        float[] input = TorchvisionFixtures.inputBatch();
        ModelBundle bundle = TorchvisionFixtures.bundle("mobilenet_v2_cls3_trace.pt", dir);
        ClassifierOptions options = ClassifierOptions.builder().setBundle(bundle.directory()).optPoolSize(1).build();
        try (CovidClassifier c = CovidClassifier.load(options)) {
            assertEquals(PyTorchBackend.ENGINE, c.engine());
            TorchvisionFixtures.assertMatchesReference("mobilenet_v2",
                    ((ClassifierDiagnostics) c).forwardRaw(input, TorchvisionFixtures.BATCH));
        }
    }
}
