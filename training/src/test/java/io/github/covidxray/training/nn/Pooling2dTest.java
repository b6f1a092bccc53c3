package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class Pooling2dTest {

    private static final Shape INPUT = new Shape(2, 3, 9, 10);

    @Test
    void maxPoolingMatchesDjlAndSavesTheSameBytes() throws IOException {
        assertSameAsDjl(Pooling2d.max(3, 2, 1), Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }

    @Test
    void averagePoolingMatchesDjlAndSavesTheSameBytes() throws IOException {
        assertSameAsDjl(Pooling2d.average(2, 2, 0), Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }

    @Test
    void settingsAreReadable() {
        Pooling2d pool = Pooling2d.average(3, 1, 1);
        assertEquals(Pooling2d.Kind.AVERAGE, pool.kind());
        assertEquals(3, pool.kernel());
        assertEquals(1, pool.stride());
        assertEquals(1, pool.padding());
        assertThrows(IllegalArgumentException.class, () -> Pooling2d.max(2, 2, 2));
    }

    private static void assertSameAsDjl(Pooling2d ours, Block djl) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(INPUT);
            Block a = new SequentialBlock().add(ours);
            Block b = new SequentialBlock().add(djl);
            a.initialize(manager, DataType.FLOAT32, INPUT);
            b.initialize(manager, DataType.FLOAT32, INPUT);
            NDArray expected = b.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            NDArray actual = a.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(expected.getShape(), actual.getShape());
            assertEquals(expected.getShape(), ours.getOutputShapes(new Shape[] {INPUT})[0]);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
            assertArrayEquals(saved(b), saved(a), ".params bytes must not change");
        }
    }

    private static byte[] saved(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
