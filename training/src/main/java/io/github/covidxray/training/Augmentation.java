package io.github.covidxray.training;

import io.github.covidxray.core.XrayImage;
import java.util.random.RandomGenerator;

/**
 * The trainer's one augmentation seam: random changes applied to a training image before preprocessing (flips,
 * small rotations, contrast...). An {@code io.github.covidxray.augment.Augmenter} fits as
 * {@code augmenter::apply}, a preset by name as {@code Augmenter.preset("conservative")::apply}. The trainer
 * calls it on background threads, each call with its own generator,
 * {@code SampleSeeds.generator(seed, epoch, position)}, so results do not depend on thread timing, and
 * {@code TrainingAugmentation} gives the same images to loaders outside the trainer. Implementations must be
 * thread-safe (stateless ones are) and use no randomness but the generator they are given.
 */
@FunctionalInterface
public interface Augmentation {

    /** Leaves images unchanged. */
    Augmentation NONE = (image, random) -> image;

    /**
     * @param image the decoded training image
     * @param random the randomness to use for this image (use no other)
     * @return the augmented image (may be {@code image} itself)
     */
    XrayImage apply(XrayImage image, RandomGenerator random);
}
