package io.github.covidxray.augment;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The one place that derives per-sample random generators from a run seed and sample keys, so that what happens
 * to sample {@code i} depends only on {@code (seed, i)}, not on which thread handles it or in what order. The
 * augmenter, {@link TrainingAugmentation} and the training module's trainer all draw from it.
 *
 * <p>{@code key(seed, i)} is output {@code i} of the SplitMix64 sequence started at {@code seed} (the SplitMix64
 * finaliser, a bijection with good avalanche, applied to {@code seed + (i + 1) * golden gamma}), so neighbouring
 * indices give unrelated streams; epochs nest as {@code key(key(seed, epoch), i)}. The trainer's augmentation
 * draws have always been made this way, so training runs keep their draws. Stateless and thread-safe.
 */
public final class SampleSeeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SampleSeeds() {}

    /**
     * @param seed the run seed
     * @param index the sample index
     * @return a 64-bit key unique to the pair for practical purposes
     */
    public static long key(long seed, long index) {
        return mix64(seed + GOLDEN_GAMMA * (index + 1));
    }

    /**
     * @param seed the run seed
     * @param epoch the training epoch
     * @param index the sample index within the epoch
     * @return a 64-bit key for the triple
     */
    public static long key(long seed, long epoch, long index) {
        return key(key(seed, epoch), index);
    }

    /**
     * @param seed the run seed
     * @param index the sample index
     * @return a fresh generator for that sample
     */
    public static RandomGenerator generator(long seed, long index) {
        return new Random(key(seed, index));
    }

    /**
     * @param seed the run seed
     * @param epoch the training epoch
     * @param index the sample's position within the epoch
     * @return a fresh generator for that sample of that epoch
     */
    public static RandomGenerator generator(long seed, long epoch, long index) {
        return new Random(key(seed, epoch, index));
    }

    /** The SplitMix64 output function. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
