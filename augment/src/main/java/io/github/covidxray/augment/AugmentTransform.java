package io.github.covidxray.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import io.github.covidxray.core.XrayImage;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The augmenter as a DJL {@link Transform}, for a DJL dataset pipeline
 * ({@code ImageFolder.builder().addTransform(new AugmentTransform(augmenter, seed))...}). Put it before
 * {@code ToTensor}: it takes the {@code UINT8} image arrays DJL's image datasets produce, {@code (H, W)} or
 * {@code (H, W, C)} with 1 or 3 identical channels (3 are averaged, the result written to all of them), and
 * returns an array of the same shape and type.
 *
 * <p>A DJL transform is not told which sample it sees, so each call takes the next index from an atomic counter:
 * the sequence of augmentations is reproducible for a given seed, but which image gets which augmentation depends
 * on the order in which worker threads call it. Where results must not depend on threads, augment in the
 * dataset's {@code get(index)} with {@link TrainingAugmentation} instead.
 *
 * <p>Thread-safe.
 */
public final class AugmentTransform implements Transform {

    private final Augmenter augmenter;
    private final long seed;
    private final AtomicLong nextIndex = new AtomicLong();

    /**
     * @param augmenter the pipeline
     * @param seed the run seed
     */
    public AugmentTransform(Augmenter augmenter, long seed) {
        this.augmenter = Objects.requireNonNull(augmenter, "augmenter");
        this.seed = seed;
    }

    /**
     * @param array a {@code UINT8} array of shape {@code (H, W)}, {@code (H, W, 1)} or {@code (H, W, 3)}
     * @return a new array of the same shape and type, attached to the input's manager
     * @throws IllegalArgumentException for other types or shapes
     */
    @Override
    public NDArray transform(NDArray array) {
        Shape shape = array.getShape();
        int channels = channels(shape, array.getDataType());
        int h = Math.toIntExact(shape.get(0));
        int w = Math.toIntExact(shape.get(1));
        byte[] in = array.toByteArray();
        byte[] gray = channels == 1 ? in : average(in, channels);
        XrayImage image = XrayImage.ofGray8(w, h, gray, "ndarray");
        XrayImage out = augmenter.augment(image, seed, nextIndex.getAndIncrement()).image();
        byte[] result = new byte[in.length];
        ByteBuffer px = out.pixels8();
        for (int i = 0, n = w * h; i < n; i++) {
            byte v = px.get(i);
            for (int c = 0; c < channels; c++) {
                result[i * channels + c] = v;
            }
        }
        return array.getManager().create(ByteBuffer.wrap(result), shape, DataType.UINT8);
    }

    private static int channels(Shape shape, DataType type) {
        if (type != DataType.UINT8) {
            throw new IllegalArgumentException("AugmentTransform expects a UINT8 image array (place it before"
                    + " ToTensor), found " + type);
        }
        if (shape.dimension() == 2) {
            return 1;
        }
        if (shape.dimension() == 3 && (shape.get(2) == 1 || shape.get(2) == 3)) {
            return (int) shape.get(2);
        }
        throw new IllegalArgumentException("AugmentTransform expects shape (H, W) or (H, W, C) with C = 1 or 3,"
                + " found " + shape);
    }

    private static byte[] average(byte[] interleaved, int channels) {
        byte[] gray = new byte[interleaved.length / channels];
        for (int i = 0; i < gray.length; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c] & 0xFF;
            }
            gray[i] = (byte) ((sum + channels / 2) / channels);
        }
        return gray;
    }
}
