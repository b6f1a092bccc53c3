package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void mobileNetV2HasTorchvisionParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MobileNetV2Block net = MobileNetV2Block.builder().setNumClasses(1000).build();
            net.initialize(manager, 224);
            assertEquals(3_504_872L, net.learnableParameterCount());
            // 52 conv/bn/linear modules: 314 state_dict tensors minus 52 num_batches_tracked.
            assertEquals(262, net.torchvisionParameters().size());
            assertTorchvisionNamesCoverAllParameters(net);
        }
    }

    @Test
    void denseNet121HasTorchvisionParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DenseNet121Block net = DenseNet121Block.builder().setNumClasses(1000).build();
            net.initialize(manager, 64);
            assertEquals(7_978_856L, net.learnableParameterCount());
            assertEquals(1024, net.featureSize());
            assertTorchvisionNamesCoverAllParameters(net);
        }
    }

    @Test
    void widthMultiplierAndGrayInputChangeShapesAsTorchvision() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MobileNetV2Block half = MobileNetV2Block.builder().setNumClasses(3).optWidthMultiplier(0.5f)
                    .optInChannels(1).build();
            half.initialize(manager, 64);
            Map<String, Parameter> p = half.torchvisionParameters();
            assertEquals(new Shape(16, 1, 3, 3), p.get("features.0.0.weight").getShape());
            assertEquals(new Shape(8, 16, 1, 1), p.get("features.1.conv.1.weight").getShape());
            assertEquals(new Shape(3, 1280), p.get("classifier.1.weight").getShape());
            assertEquals(1280, half.featureSize());
            NDList out = half.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0, 1, new Shape(2, 1, 64, 64))), false);
            assertArrayEquals(new long[] {2, 3}, out.singletonOrThrow().getShape().getShape());
        }
    }

    @Test
    void makeDivisibleMatchesTorchvision() {
        assertEquals(32, MobileNetV2Block.makeDivisible(32));
        assertEquals(16, MobileNetV2Block.makeDivisible(16 * 0.75));  // 12 -> 16
        assertEquals(8, MobileNetV2Block.makeDivisible(3));
        assertEquals(1280, MobileNetV2Block.makeDivisible(1280));
        assertEquals(24, MobileNetV2Block.makeDivisible(24 * 0.9)); // 21.6 -> 24
    }

    @Test
    void missingClassCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenseNet121Block.builder().build());
        assertTrue(e.getMessage().contains("setNumClasses"), e.getMessage());
    }

    private static void assertTorchvisionNamesCoverAllParameters(ClassifierNetwork net) {
        assertEquals(net.getParameters().size(), net.torchvisionParameters().size(),
                "every DJL parameter has a torchvision name");
    }
}
