package io.github.covidxray.engine.onnxruntime;

import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.CovidClassifierContractTest;
import io.github.covidxray.core.testing.TinyNet;
import io.github.covidxray.core.testing.TinyOnnx;
import java.nio.file.Path;

/** The {@code CovidClassifier} contract on ONNX Runtime, with a tiny ONNX graph written by the test. */
class OnnxRuntimeContractTest extends CovidClassifierContractTest {

    @Override
    protected String engineName() {
        return OnnxRuntimeBackend.ENGINE;
    }

    @Override
    protected ModelFormat format() {
        return ModelFormat.ONNX;
    }

    @Override
    protected Path writeModelFile(Path dir) throws Exception {
        return TinyOnnx.write(TinyNet.random(3, 6, modelClasses(), 42), dir.resolve("tiny.onnx"), false);
    }
}
