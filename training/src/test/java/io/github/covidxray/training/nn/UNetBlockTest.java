package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class UNetBlockTest {

    @Test
    void nearestUpsampleCopiesEachPixelIntoItsBlock() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NearestUpsample up = new NearestUpsample(2);
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            NDArray y = up.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, 1, 4, 6), y.getShape());
            assertArrayEquals(new float[] {
                1, 1, 2, 2, 3, 3,
                1, 1, 2, 2, 3, 3,
                4, 4, 5, 5, 6, 6,
                4, 4, 5, 5, 6, 6}, y.toFloatArray());
        }
    }

    @Test
    void outputsOneLogitPerPixelAndRejectsSizesThatDoNotPool() {
        UNetBlock unet = UNetBlock.fromName("unet-4", 1);
        assertEquals("unet-4", unet.architecture());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            unet.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 32, 48));
            NDArray y = unet.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 1, 32, 48))), false).singletonOrThrow();
            assertEquals(new Shape(2, 32 * 48), y.getShape());
            assertThrows(IllegalArgumentException.class, () -> unet.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 1, 40, 40))), false));
        }
        assertThrows(IllegalArgumentException.class, () -> UNetBlock.fromName("unet-x", 1));
    }

    @Test
    void architecturesProviderBuildsTheUNetByName() {
        assertEquals(UNetBlock.class, new Architectures().create("unet-8", 1, 1).orElseThrow().getClass());
    }
}
