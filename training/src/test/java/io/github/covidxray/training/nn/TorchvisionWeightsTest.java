package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.covidxray.core.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchvisionWeightsTest {

    @TempDir
    Path tmp;

    @Test
    void mobileNetV2ReproducesTorchvisionLogits() throws IOException {
        Path dir = SharedData.requireTorchvisionModels();
        assertReproducesReference(MobileNetV2Block.builder().setNumClasses(3).build(),
                dir.resolve("mobilenet_v2_cls3_state.npz"), dir.resolve("mobilenet_v2_cls3_ref_b8.bin"), dir);
    }

    @Test
    void denseNet121ReproducesTorchvisionLogits() throws IOException {
        Path dir = SharedData.requireTorchvisionModels();
        assertReproducesReference(DenseNet121Block.builder().setNumClasses(3).build(),
                dir.resolve("densenet121_cls3_state.npz"), dir.resolve("densenet121_cls3_ref_b8.bin"), dir);
    }

    @Test
    void grayNetworkFromRgbWeightsMatchesRgbNetworkOnRepeatedGray() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork rgb = smallMobileNet(3);
            rgb.initialize(manager, 32);
            Path file = tmp.resolve("rgb.npz");
            TorchvisionWeights.save(rgb, file, NDList.Encoding.NPZ);
            ClassifierNetwork gray = smallMobileNet(1);
            gray.initialize(manager, 32);
            TorchvisionWeights.Report report = TorchvisionWeights.loadInto(gray, file, true);
            assertEquals(java.util.List.of("features.0.0.weight"), report.adapted());
            NDArray image = manager.randomUniform(0, 1, new Shape(2, 1, 32, 32));
            NDArray expected = infer(rgb, image.repeat(1, 3), manager);
            NDArray actual = infer(gray, image, manager);
            assertTrue(expected.allClose(actual, 1e-4, 1e-5, false), "gray logits " + actual + " vs " + expected);
        }
    }

    @Test
    void safetensorsRoundTripGivesIdenticalOutputs() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork source = smallMobileNet(3);
            source.initialize(manager, 32);
            Path file = tmp.resolve("w.safetensors");
            TorchvisionWeights.save(source, file, NDList.Encoding.SAFETENSORS);
            ClassifierNetwork copy = smallMobileNet(3);
            copy.initialize(manager, 32);
            NDArray image = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            assertFalse(infer(source, image, manager).contentEquals(infer(copy, image, manager)));
            TorchvisionWeights.Report report = TorchvisionWeights.loadInto(copy, file, true);
            assertEquals(source.torchvisionParameters().size(), report.loaded());
            assertTrue(infer(source, image, manager).contentEquals(infer(copy, image, manager)));
        }
    }

    @Test
    void headCanBeLeftOutWhenClassCountsDiffer() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork imagenetLike = MobileNetV2Block.builder().setNumClasses(10)
                    .optWidthMultiplier(0.25f).build();
            imagenetLike.initialize(manager, 32);
            Path file = tmp.resolve("ten.npz");
            TorchvisionWeights.save(imagenetLike, file, NDList.Encoding.NPZ);
            ClassifierNetwork three = smallMobileNet(3);
            three.initialize(manager, 32);
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> TorchvisionWeights.loadInto(three, file, true));
            assertTrue(e.getMessage().contains("classifier.1.weight: expected shape (3, 1280), found (10, 1280)"),
                    e.getMessage());
            TorchvisionWeights.Report report = TorchvisionWeights.loadInto(three, file, false);
            assertTrue(report.ignored().contains("classifier.1.weight"), report.ignored().toString());
            assertEquals(three.torchvisionParameters().size() - 2, report.loaded());
        }
    }

    @Test
    void missingExtraAndMisshapedTensorsAreNamed() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = smallMobileNet(3);
            net.initialize(manager, 32);
            Path file = writeModified(net, manager, tensors -> {
                tensors.remove("features.3.conv.1.1.running_var");
                tensors.put("features.99.weight", manager.zeros(new Shape(4)));
                tensors.put("features.2.conv.2.weight", manager.zeros(new Shape(5, 5, 1, 1)));
            });
            NDArray before = net.torchvisionParameters().get("features.1.conv.1.weight").getArray().duplicate();
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> TorchvisionWeights.loadInto(net, file, true));
            assertEquals(3, e.problems().size(), e.problems().toString());
            String message = e.getMessage();
            assertTrue(message.startsWith(file.toString()), message);
            assertTrue(message.contains("missing tensor features.3.conv.1.1.running_var"), message);
            assertTrue(message.contains("unexpected tensor features.99.weight"), message);
            assertTrue(message.contains("features.2.conv.2.weight: expected shape (8, 48, 1, 1), found (5, 5, 1, 1)"),
                    message);
            assertTrue(before.contentEquals(net.torchvisionParameters().get("features.1.conv.1.weight").getArray()),
                    "nothing loaded on error");
        }
    }

    @Test
    void notATensorFileIsReportedWithItsName() throws IOException {
        Path file = tmp.resolve("garbage.npz");
        Files.writeString(file, "not a zip");
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> TorchvisionWeights.read(file, manager));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    private Path writeModified(ClassifierNetwork net, NDManager manager, Consumer<Map<String, NDArray>> edit)
            throws IOException {
        Path original = tmp.resolve("orig.npz");
        TorchvisionWeights.save(net, original, NDList.Encoding.NPZ);
        Map<String, NDArray> tensors = TorchvisionWeights.read(original, manager);
        edit.accept(tensors);
        NDList list = new NDList();
        tensors.forEach((name, array) -> {
            array.setName(name);
            list.add(array);
        });
        Path file = tmp.resolve("modified.npz");
        try (OutputStream out = Files.newOutputStream(file)) {
            list.encode(out, NDList.Encoding.NPZ);
        }
        return file;
    }

    private static ClassifierNetwork smallMobileNet(int inChannels) {
        return MobileNetV2Block.builder().setNumClasses(3).optWidthMultiplier(0.25f).optInChannels(inChannels).build();
    }

    static NDArray infer(ClassifierNetwork net, NDArray input, NDManager manager) {
        return net.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }

    private static void assertReproducesReference(ClassifierNetwork net, Path weights, Path reference, Path dir)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, 224);
            TorchvisionWeights.Report report = TorchvisionWeights.loadInto(net, weights, true);
            assertEquals(net.torchvisionParameters().size(), report.loaded());
            assertTrue(report.ignored().stream().allMatch(n -> n.endsWith("num_batches_tracked")));
            NDArray input = manager.create(readFloats(dir.resolve("input_b8_224.bin")), new Shape(8, 3, 224, 224));
            float[] expected = readFloats(reference);
            float[] actual = infer(net, input, manager).toFloatArray();
            assertEquals(expected.length, actual.length);
            float maxDiff = 0;
            float scale = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            assertArrayEquals(expected, actual, 1e-4f);
            // Random-weight MobileNetV2 gives logits near 1e-9, which any absolute tolerance would pass:
            // the error relative to the largest logit must be small too.
            assertTrue(maxDiff <= 1e-4 * scale, "max |logit difference| " + maxDiff + " is not below 1e-4 of the "
                    + "largest logit " + scale);
        }
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
