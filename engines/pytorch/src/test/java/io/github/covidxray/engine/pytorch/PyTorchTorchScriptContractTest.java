package io.github.covidxray.engine.pytorch;

import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.CovidClassifierContractTest;
import io.github.covidxray.core.testing.TorchvisionFixtures;
import java.nio.file.Path;

/**
 * The {@code CovidClassifier} contract on PyTorch for TorchScript bundles, with the shared traced
 * torchvision MobileNetV2 (skipped when {@code ../shared} is absent: TorchScript cannot be written from
 * Java). Run at 64x64 and with fewer calls to stay fast; MobileNetV2 pools globally, so any size works.
 */
class PyTorchTorchScriptContractTest extends CovidClassifierContractTest {

    @Override
    protected String engineName() {
        return PyTorchBackend.ENGINE;
    }

    @Override
    protected ModelFormat format() {
        return ModelFormat.TORCHSCRIPT;
    }

    @Override
    protected String architecture() {
        return "mobilenetv2";
    }

    @Override
    protected PreprocessingSpec preprocessing() {
        return PreprocessingSpec.builder().setSize(64).build();
    }

    @Override
    protected int callsPerThread() {
        return 15;
    }

    @Override
    protected int repeatedCalls() {
        return 40;
    }

    @Override
    protected Path writeModelFile(Path dir) {
        return TorchvisionFixtures.require("mobilenet_v2_cls3_trace.pt");
    }
}
