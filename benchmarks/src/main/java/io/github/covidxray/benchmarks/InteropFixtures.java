package io.github.covidxray.benchmarks;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared fixtures the inference benchmarks run on: torchvision models ({@code models/torchvision-random})
 * wrapped into bundles in a temporary folder, their fixed input batch, and decoded chest X-rays
 * ({@code data/cxr/val}). The shared folder is the system property {@code covidxray.shared.dir}
 * (default {@code ../shared}); a clear error says so when it is missing.
 */
final class InteropFixtures {

    /** Input side of the fixture models. */
    static final int SIZE = 224;

    private InteropFixtures() {}

    static Path sharedDir() {
        Path dir = Path.of(System.getProperty("covidxray.shared.dir", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("models/torchvision-random"))) {
            throw new IllegalStateException("shared fixtures not found at " + dir
                    + ": run from the repository root or set -Dcovidxray.shared.dir=/path/to/shared");
        }
        return dir;
    }

    /**
     * @param model {@code mobilenet_v2-onnx}, {@code mobilenet_v2-torchscript} or {@code densenet121-onnx}
     * @return the fixture's weight file
     */
    static Path weights(String model) {
        String name = model.substring(0, model.indexOf('-'));
        String file = model.endsWith("-onnx") ? name + "_cls3.onnx" : name + "_cls3_trace.pt";
        return sharedDir().resolve("models/torchvision-random").resolve(file);
    }

    /**
     * Wraps a fixture into a bundle with 224x224 ImageNet preprocessing.
     *
     * @param model as for {@link #weights}
     * @param spec the preprocessing
     * @return the bundle, in a temporary folder
     */
    static ModelBundle bundle(String model, PreprocessingSpec spec) {
        Path weights = weights(model);
        try {
            ModelCard card = ModelCard.builder().setName(model).setArchitecture(model.substring(0, model.indexOf('-')))
                    .setLabels(List.of("covid", "normal", "pneumonia")).setPreprocessing(spec)
                    .setWeights(model.endsWith("-onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT,
                            weights.getFileName().toString())
                    .build();
            Path dir = Files.createTempDirectory("bench-" + model);
            dir.toFile().deleteOnExit();
            ModelBundle bundle = ModelBundle.write(dir, card, weights);
            bundle.weightsFile().toFile().deleteOnExit();
            bundle.directory().resolve(ModelBundle.MODEL_JSON).toFile().deleteOnExit();
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param n images, at most 8
     * @return the first {@code n} images of the fixed input batch, NCHW float32
     */
    static float[] inputBatch(int n) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(
                    sharedDir().resolve("models/torchvision-random/input_b8_224.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            float[] all = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(all);
            float[] first = new float[n * 3 * SIZE * SIZE];
            System.arraycopy(all, 0, first, 0, first.length);
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param n how many
     * @return the first {@code n} chest X-rays of the validation folder, decoded
     */
    static List<XrayImage> xrays(int n) {
        try (Stream<Path> files = Files.walk(sharedDir().resolve("data/cxr/val"))) {
            List<XrayImage> images = new ArrayList<>(n);
            for (Path file : files.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).toList()) {
                images.add(XrayImage.read(file));
            }
            if (images.size() < n) {
                throw new IllegalStateException("need " + n + " chest X-rays under " + sharedDir().resolve("data/cxr/val"));
            }
            return images;
        } catch (InvalidImageException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
