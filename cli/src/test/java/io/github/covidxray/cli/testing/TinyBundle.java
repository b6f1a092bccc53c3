package io.github.covidxray.cli.testing;

import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.testing.TinyNet;
import io.github.covidxray.core.testing.TinyOnnx;
import java.io.IOException;
import java.nio.file.Path;

/** A real model bundle for end-to-end tests: a tiny random CNN as ONNX, run by ONNX Runtime. */
public final class TinyBundle {

    private TinyBundle() {}

    /**
     * @param dir an empty folder
     * @return the bundle folder: covid / normal / pneumonia, 32x32 input, an operating point on covid
     * @throws IOException if writing fails
     */
    public static Path write(Path dir) throws IOException {
        Path onnx = TinyOnnx.write(TinyNet.random(3, 4, 3, 11), dir.resolve("tiny.onnx"), false);
        ModelCard card = ModelCard.builder().setName("tiny-e2e").setArchitecture("tiny-cnn")
                .setLabels(FakeClassifier.LABELS).setPreprocessing(PreprocessingSpec.builder().setSize(32).build())
                .setWeights(ModelFormat.ONNX, "tiny.onnx")
                .optOperatingPoint(new OperatingPoint("covid", 0.3, Double.NaN, Double.NaN, Double.NaN)).build();
        return ModelBundle.write(dir.resolve("bundle"), card, onnx).directory();
    }
}
