package io.github.covidxray.engine.pytorch;

import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.CovidClassifierContractTest;
import io.github.covidxray.core.testing.TinyNet;
import java.nio.file.Path;

/**
 * The {@code CovidClassifier} contract on PyTorch for DJL-format bundles: a tiny block saved as
 * {@code .params} by the test, its architecture built by the test-only {@link TinyArchitectureProvider}.
 */
class PyTorchDjlParamsContractTest extends CovidClassifierContractTest {

    @Override
    protected String engineName() {
        return PyTorchBackend.ENGINE;
    }

    @Override
    protected ModelFormat format() {
        return ModelFormat.DJL;
    }

    @Override
    protected String architecture() {
        return TinyBlocks.ARCHITECTURE;
    }

    @Override
    protected Path writeModelFile(Path dir) throws Exception {
        // Not DJL's "<name>-0000.params" layout, so the backend's renaming is exercised too.
        return TinyBlocks.saveParams(TinyNet.random(3, TinyBlocks.FILTERS, modelClasses(), 42), dir.resolve("tiny.params"));
    }
}
