package io.github.covidxray.training;

import io.github.covidxray.core.XrayImage;
import java.util.Random;
import java.util.function.Function;

/**
 * Random changes applied to a training image before preprocessing (flips, small rotations, contrast...).
 * The trainer calls it on background threads, each call with its own {@link Random} seeded from the run's
 * seed, the epoch and the sample, so results do not depend on thread timing. Implementations must be
 * thread-safe (stateless ones are).
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
    XrayImage apply(XrayImage image, Random random);

    /**
     * Adapts a deterministic function, or one with its own thread-safe randomness (reproducibility is then
     * its own business).
     *
     * @param function the image transform
     * @return the augmentation
     */
    static Augmentation of(Function<XrayImage, XrayImage> function) {
        return (image, random) -> function.apply(image);
    }
}
