package io.github.covidxray.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared interop fixtures of {@code ../shared/models/torchvision-random}: torchvision MobileNetV2 and
 * DenseNet-121 (random weights, 3 classes) as ONNX and TorchScript, a fixed input batch of 8 preprocessed
 * images and the logits eager PyTorch gives for it. Every method skips the calling test when the file is
 * absent (a fresh clone has no {@code ../shared}).
 */
public final class TorchvisionFixtures {

    /** Images in the fixed input batch. */
    public static final int BATCH = 8;
    /** Its side length. */
    public static final int SIZE = 224;
    /** Classes of the fixture models. */
    public static final int CLASSES = 3;
    /** The labels used for bundles made of the fixtures (the models' weights are random). */
    public static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    private TorchvisionFixtures() {}

    /**
     * @param name a file in the fixture folder, for example {@code mobilenet_v2_cls3.onnx}
     * @return its path; skips the test when it is absent
     */
    public static Path require(String name) {
        Path file = SharedData.requireTorchvisionModels().resolve(name);
        assumeTrue(Files.isRegularFile(file), () -> file + " absent: skipping");
        return file;
    }

    /** @return the fixed input batch, float32 NCHW {@code [8, 3, 224, 224]} */
    public static float[] inputBatch() throws IOException {
        return readFloats(require("input_b8_224.bin"), BATCH * 3 * SIZE * SIZE);
    }

    /**
     * @param model {@code mobilenet_v2} or {@code densenet121}
     * @return eager PyTorch's logits for {@link #inputBatch()}, {@code [8][3]}
     */
    public static float[][] referenceLogits(String model) throws IOException {
        float[] flat = readFloats(require(model + "_cls3_ref_b8.bin"), BATCH * CLASSES);
        float[][] rows = new float[BATCH][CLASSES];
        for (int i = 0; i < BATCH; i++) {
            System.arraycopy(flat, i * CLASSES, rows[i], 0, CLASSES);
        }
        return rows;
    }

    /**
     * Asserts that a model's outputs match eager PyTorch's reference logits to 1e-4, absolutely and relative
     * to the largest reference logit. The relative test matters: the random MobileNetV2's logits are about
     * 1e-9, so an absolute tolerance alone would accept a model that outputs zeros.
     *
     * @param model {@code mobilenet_v2} or {@code densenet121}
     * @param actual the outputs for {@link #inputBatch()}, {@code [8][3]}
     */
    public static void assertMatchesReference(String model, float[][] actual) throws IOException {
        float[][] expected = referenceLogits(model);
        assertEquals(BATCH, actual.length, "rows");
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < BATCH; i++) {
            assertEquals(CLASSES, actual[i].length, "classes");
            for (int k = 0; k < CLASSES; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i][k] - actual[i][k]));
                scale = Math.max(scale, Math.abs(expected[i][k]));
            }
        }
        assertTrue(maxDiff <= 1e-4 && maxDiff <= 1e-4 * scale,
                model + ": max |output - reference| = " + maxDiff + ", largest |reference| = " + scale);
    }

    /**
     * Makes a bundle of a fixture model, 224x224 ImageNet preprocessing, labels {@link #LABELS}.
     *
     * @param file the fixture, for example {@code mobilenet_v2_cls3_trace.pt}
     * @param dir the bundle folder to create
     * @return the bundle
     */
    public static ModelBundle bundle(String file, Path dir) throws IOException {
        Path weights = require(file);
        ModelFormat format = file.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT;
        ModelCard card = ModelCard.builder()
                .setName(file.substring(0, file.indexOf('.')))
                .setArchitecture(file.startsWith("densenet") ? "densenet121" : "mobilenetv2")
                .setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.imagenet(SIZE))
                .setWeights(format, file)
                .build();
        return ModelBundle.write(dir, card, weights);
    }

    private static float[] readFloats(Path file, int expected) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != expected * Float.BYTES) {
            throw new IOException(file + ": expected " + expected + " float32 values, found " + bytes.remaining() + " bytes");
        }
        float[] v = new float[expected];
        bytes.asFloatBuffer().get(v);
        return v;
    }
}
