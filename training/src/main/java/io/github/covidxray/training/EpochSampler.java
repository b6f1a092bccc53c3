package io.github.covidxray.training;

import io.github.covidxray.augment.SampleSeeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order in which one epoch visits the training images: a seeded shuffle, or for
 * {@link ClassBalancing#BALANCED_SAMPLING} a seeded draw with replacement in which every class is equally
 * likely. Immutable and thread-safe.
 */
final class EpochSampler {

    private final List<BatchPipeline.Sample> samples;
    private final List<List<BatchPipeline.Sample>> byClass;
    private final boolean balanced;
    private final long seed;

    /**
     * @param samples the training images
     * @param numClasses the number of classes
     * @param balanced draw classes equally often instead of shuffling
     * @param seed the run's seed
     */
    EpochSampler(List<BatchPipeline.Sample> samples, int numClasses, boolean balanced, long seed) {
        this.samples = List.copyOf(samples);
        this.balanced = balanced;
        this.seed = seed;
        List<List<BatchPipeline.Sample>> groups = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            groups.add(new ArrayList<>());
        }
        for (BatchPipeline.Sample s : samples) {
            groups.get(s.label()).add(s);
        }
        groups.removeIf(List::isEmpty);
        this.byClass = groups;
    }

    /**
     * @param epoch the 0-based epoch of the whole run
     * @return that epoch's images, in order; the same for the same seed and epoch
     */
    List<BatchPipeline.Sample> order(int epoch) {
        Random random = new Random(SampleSeeds.key(seed, epoch));
        if (!balanced) {
            List<BatchPipeline.Sample> order = new ArrayList<>(samples);
            Collections.shuffle(order, random);
            return order;
        }
        List<BatchPipeline.Sample> order = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            List<BatchPipeline.Sample> group = byClass.get(random.nextInt(byClass.size()));
            order.add(group.get(random.nextInt(group.size())));
        }
        return order;
    }
}
