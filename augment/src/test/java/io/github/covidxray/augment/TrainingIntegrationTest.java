package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.passthrough.PassthroughNDManager;
import io.github.covidxray.core.XrayImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainingIntegrationTest {

    private final XrayImage image = TestImages.gray8(40, 30, 6);

    @Test
    void trainingAugmentationIsAPureFunctionOfSeedEpochAndIndex() throws Exception {
        TrainingAugmentation aug = TrainingAugmentation.of(Augmenter.aggressive(), 42);
        List<int[]> expected = IntStream.range(0, 16).mapToObj(i -> aug.apply(image, 2, i).toIntArray())
                .collect(Collectors.toList());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<int[]>> futures = IntStream.range(0, 16).map(i -> 15 - i)
                    .mapToObj(i -> pool.submit(() -> aug.apply(image, 2, i).toIntArray()))
                    .collect(Collectors.toList());
            for (int k = 0; k < 16; k++) {
                assertArrayEquals(expected.get(15 - k), futures.get(k).get(), "sample " + (15 - k));
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Arrays.equals(expected.get(3), aug.apply(image, 3, 3).toIntArray()), "epochs should differ");
        assertArrayEquals(expected.get(5), aug.forSample(2, 5).apply(image).toIntArray());
        assertEquals(aug.augment(image, 2, 5).image().toIntArray().length, image.pixelCount());
    }

    /** The shape of the training module's Augmentation interface. */
    @FunctionalInterface
    interface TrainerAugmentation {
        XrayImage apply(XrayImage image, java.util.random.RandomGenerator random);
    }

    @Test
    void applyFitsTheTrainersAugmentationShapeAndUsesOnlyItsGenerator() {
        Augmenter augmenter = Augmenter.aggressive();
        TrainerAugmentation hook = augmenter::apply;
        int[] a = hook.apply(image, new java.util.Random(77)).toIntArray();
        assertArrayEquals(a, hook.apply(image, new java.util.Random(77)).toIntArray());
        assertFalse(Arrays.equals(a, hook.apply(image, new java.util.Random(78)).toIntArray()));
    }

    @Test
    void trainingAugmentationDrawsAsTheTrainerDoes() {
        // The trainer hands sample i of epoch e the generator SampleSeeds.generator(seed, e, i).
        Augmenter augmenter = Augmenter.aggressive();
        TrainingAugmentation loader = TrainingAugmentation.of(augmenter, 42);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(augmenter.apply(image, SampleSeeds.generator(42, 3, i)).toIntArray(),
                    loader.apply(image, 3, i).toIntArray());
        }
    }

    @Test
    void presetsAreFoundByNameAndUnknownNamesListThem() {
        for (String name : Augmenter.PRESETS) {
            assertFalse(Augmenter.preset(name).steps().isEmpty(), name);
        }
        assertEquals(Augmenter.aggressive().toString(), Augmenter.preset("AGGRESSIVE").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmenter.preset("wild"));
        assertTrue(e.getMessage().contains("conservative, aggressive"), e.getMessage());
    }

    @Test
    void djlTransformAugmentsGrayArraysLikeTheAugmenter() {
        Augmenter augmenter = Augmenter.chestXrayConservative();
        AugmentTransform transform = new AugmentTransform(augmenter, 7);
        byte[] px = new byte[image.pixelCount()];
        image.pixels8().get(px);
        PassthroughNDManager manager = PassthroughNDManager.INSTANCE;
        NDArray in = manager.create(ByteBuffer.wrap(px), new Shape(30, 40), DataType.UINT8);
        NDArray first = transform.transform(in);
        NDArray second = transform.transform(in);
        assertEquals(new Shape(30, 40), first.getShape());
        assertEquals(DataType.UINT8, first.getDataType());
        assertArrayEquals(toBytes(augmenter.augment(image, 7, 0).image()), first.toByteArray());
        assertArrayEquals(toBytes(augmenter.augment(image, 7, 1).image()), second.toByteArray());
    }

    @Test
    void djlTransformKeepsThreeIdenticalChannels() {
        byte[] gray = toBytes(image);
        byte[] rgb = new byte[gray.length * 3];
        for (int i = 0; i < gray.length; i++) {
            Arrays.fill(rgb, 3 * i, 3 * i + 3, gray[i]);
        }
        NDArray in = PassthroughNDManager.INSTANCE.create(ByteBuffer.wrap(rgb), new Shape(30, 40, 3), DataType.UINT8);
        NDArray out = new AugmentTransform(Augmenter.chestXrayConservative(), 7).transform(in);
        assertEquals(new Shape(30, 40, 3), out.getShape());
        byte[] o = out.toByteArray();
        byte[] expected = toBytes(Augmenter.chestXrayConservative().augment(image, 7, 0).image());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], o[3 * i]);
            assertEquals(expected[i], o[3 * i + 2]);
        }
    }

    @Test
    void djlTransformRejectsFloatTensorsWithAHint() {
        NDArray floats = PassthroughNDManager.INSTANCE.create(FloatBuffer.wrap(new float[12]), new Shape(1, 3, 4),
                DataType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AugmentTransform(Augmenter.chestXrayConservative(), 1).transform(floats));
        assertEquals(true, e.getMessage().contains("ToTensor"), e.getMessage());
    }

    private static byte[] toBytes(XrayImage img) {
        byte[] b = new byte[img.pixelCount()];
        img.pixels8().get(b);
        return b;
    }
}
