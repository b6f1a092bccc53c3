package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The augmenter as a pure function of {@code (image, epoch, index)}, for training data loaders: call it from any
 * worker thread, in any order; sample {@code index} of epoch {@code epoch} is always augmented the same way for a
 * given seed, and differently in each epoch. It draws exactly as the training module's trainer does (generator
 * {@link SampleSeeds#generator(long, long, long)}), so a loader written with it and the trainer given
 * {@code augmenter::apply} augment sample {@code index} of epoch {@code epoch} alike.
 *
 * <pre>{@code
 * TrainingAugmentation aug = TrainingAugmentation.of(Augmenter.chestXrayConservative(), 42);
 * XrayImage x = aug.apply(XrayImage.read(file), epoch, sampleIndex);   // inside the dataset's get(index)
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TrainingAugmentation {

    private final Augmenter augmenter;
    private final long seed;

    private TrainingAugmentation(Augmenter augmenter, long seed) {
        this.augmenter = Objects.requireNonNull(augmenter, "augmenter");
        this.seed = seed;
    }

    /**
     * @param augmenter the pipeline
     * @param seed the run seed
     * @return the function
     */
    public static TrainingAugmentation of(Augmenter augmenter, long seed) {
        return new TrainingAugmentation(augmenter, seed);
    }

    /**
     * @param image the sample's image
     * @param epoch the epoch, from 0
     * @param index the sample's index in the dataset (not its position in a shuffled order)
     * @return the augmented image, of the input's size and depth
     */
    public XrayImage apply(XrayImage image, long epoch, long index) {
        return augment(image, epoch, index).image();
    }

    /**
     * Like {@link #apply} but also returns what was drawn.
     *
     * @param image the sample's image
     * @param epoch the epoch
     * @param index the sample's index
     * @return the augmented image and the applied steps
     */
    public AugmentResult augment(XrayImage image, long epoch, long index) {
        return augmenter.augment(image, SampleSeeds.generator(seed, epoch, index));
    }

    /**
     * @param epoch the epoch
     * @param index the sample's index
     * @return {@code image -> apply(image, epoch, index)}
     */
    public UnaryOperator<XrayImage> forSample(long epoch, long index) {
        return image -> apply(image, epoch, index);
    }

    /** @return the pipeline */
    public Augmenter augmenter() {
        return augmenter;
    }

    /** @return the run seed */
    public long seed() {
        return seed;
    }
}
