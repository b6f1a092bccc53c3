package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An immutable augmentation pipeline: a list of {@link AugmentStep}s, each firing with its own probability and
 * drawing its parameters from its ranges, applied at the image's true bit depth.
 *
 * <pre>{@code
 * Augmenter augmenter = Augmenter.builder()
 *         .add(AugmentStep.rotate(Range.symmetric(10)))
 *         .add(AugmentStep.translate(Range.symmetric(0.1), Range.symmetric(0.1)))
 *         .add(AugmentStep.brightness(Range.symmetric(0.1)), 0.5)
 *         .build();
 * AugmentResult r = augmenter.augment(image, seed, sampleIndex);   // reproducible; r.applied() says what was drawn
 * XrayImage x = augmenter.apply(image, random);                      // just the image, for a training loader
 * }</pre>
 *
 * <p>Names: {@code apply} gives the augmented image, {@code augment} gives it with what was drawn
 * ({@link AugmentResult}), here and in {@link TrainingAugmentation}. Presets by name: {@link #preset(String)}.
 *
 * <p>For each step in order the generator first decides whether the step fires ({@code nextDouble() < p}), then
 * the step draws its parameters. Consecutive geometric steps are composed and the image is resampled once;
 * consecutive grey-level steps become one lookup table. {@link #augment(XrayImage, long, long)} derives the
 * generator from the seed and the sample index alone, so a sample is augmented identically on any thread, in any
 * order and on any machine.
 *
 * <p>Immutable and thread-safe: one instance can serve all data-loading threads.
 */
public final class Augmenter {

    private final List<AugmentStep> steps;
    private final WarpOptions warpOptions;

    private Augmenter(Builder builder) {
        this.steps = List.copyOf(builder.steps);
        this.warpOptions = builder.warpOptions;
    }

    /** @return a builder for an empty pipeline */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A conservative chest X-ray preset, modelled on the augmentation of the study this SDK follows: small
     * rotations (±10°), zoom 0.9-1.1 and shifts (±10 %) on every image, mild brightness (±10 % of the range) and
     * contrast (×0.9-1.1) on half of them; no flips (a mirrored chest has its heart on the wrong side), no vertical
     * flips. Bilinear resampling with black borders.
     *
     * @return the preset
     */
    public static Augmenter chestXrayConservative() {
        return builder()
                .add(AugmentStep.rotate(Range.symmetric(10)))
                .add(AugmentStep.scale(Range.of(0.9, 1.1)))
                .add(AugmentStep.translate(Range.symmetric(0.1), Range.symmetric(0.1)))
                .add(AugmentStep.brightness(Range.symmetric(0.1)), 0.5)
                .add(AugmentStep.contrast(Range.of(0.9, 1.1)), 0.5)
                .build();
    }

    /**
     * A strong preset for small data sets and robustness experiments: larger rotations, zoom, shifts and shear,
     * occasional random resized crops, stronger grey-level changes, histogram equalisation or CLAHE, blur or
     * sharpening, noise and random erasing. Still no flips.
     *
     * @return the preset
     */
    public static Augmenter aggressive() {
        return builder()
                .add(AugmentStep.randomResizedCrop(Range.of(0.7, 1), Range.of(0.85, 1.18)), 0.3)
                .add(AugmentStep.rotate(Range.symmetric(20)))
                .add(AugmentStep.shear(Range.symmetric(8)), 0.5)
                .add(AugmentStep.scale(Range.of(0.85, 1.2)))
                .add(AugmentStep.translate(Range.symmetric(0.15), Range.symmetric(0.15)))
                .add(AugmentStep.equalize(Range.of(0.3, 1)), 0.15)
                .add(AugmentStep.clahe(Range.of(1.5, 4)), 0.2)
                .add(AugmentStep.brightness(Range.symmetric(0.15)), 0.8)
                .add(AugmentStep.contrast(Range.of(0.75, 1.3)), 0.8)
                .add(AugmentStep.gamma(Range.of(0.7, 1.5)), 0.5)
                .add(AugmentStep.gaussianBlur(Range.of(0.3, 1.5)), 0.2)
                .add(AugmentStep.sharpen(Range.of(0.3, 1.5), Range.of(0.5, 1.5)), 0.2)
                .add(AugmentStep.gaussianNoise(Range.of(0.005, 0.03)), 0.3)
                .add(AugmentStep.randomErasing(Range.of(0.02, 0.12), Range.of(0.5, 2), Range.of(0, 1)), 0.3)
                .build();
    }

    /** The preset names {@link #preset(String)} knows, in the order to list them. */
    public static final List<String> PRESETS = List.of("conservative", "aggressive");

    /**
     * A preset by name, as a CLI or a configuration file names it.
     *
     * @param name {@code conservative} ({@link #chestXrayConservative()}) or {@code aggressive}
     *     ({@link #aggressive()}), in any case
     * @return the preset
     * @throws IllegalArgumentException for another name; the message lists the presets
     */
    public static Augmenter preset(String name) {
        return switch (String.valueOf(name).toLowerCase(java.util.Locale.ROOT)) {
            case "conservative" -> chestXrayConservative();
            case "aggressive" -> aggressive();
            default -> throw new IllegalArgumentException("no augmentation preset '" + name + "'; presets are "
                    + String.join(", ", PRESETS));
        };
    }

    /**
     * Augments one image with the given generator and says what was drawn.
     *
     * @param image the image
     * @param random the generator; advanced by this call. Not shared between threads unless it is thread-safe
     * @return the augmented image (same size and depth) and what was applied
     */
    public AugmentResult augment(XrayImage image, RandomGenerator random) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(random, "random");
        List<AppliedOp> applied = new ArrayList<>();
        StagedRun run = new StagedRun(image, warpOptions);
        for (AugmentStep step : steps) {
            if (random.nextDouble() < step.probability()) {
                Drawn drawn = step.draw(random, image.width(), image.height());
                applied.add(drawn.op());
                run.add(drawn);
            }
        }
        return new AugmentResult(run.finish(), applied);
    }

    /**
     * Like {@link #augment(XrayImage, RandomGenerator)} but returns only the image: as a method reference
     * ({@code augmenter::apply}) it is the training module's {@code Augmentation}, whose trainer hands each image
     * the generator {@link SampleSeeds#generator(long, long, long)} gives for the run seed, the epoch and the
     * sample's position.
     *
     * @param image the image
     * @param random the generator for this image
     * @return the augmented image, of the input's size and depth
     */
    public XrayImage apply(XrayImage image, RandomGenerator random) {
        return augment(image, random).image();
    }

    /**
     * Augments sample {@code sampleIndex} of a run with the given seed, reproducibly: the result depends only on
     * the image, the seed and the index.
     *
     * @param image the image
     * @param seed the run seed
     * @param sampleIndex the sample's index (for training, see {@link TrainingAugmentation} to add the epoch)
     * @return the augmented image and what was applied
     */
    public AugmentResult augment(XrayImage image, long seed, long sampleIndex) {
        return augment(image, SampleSeeds.generator(seed, sampleIndex));
    }

    /** @return the steps, in order (unmodifiable) */
    public List<AugmentStep> steps() {
        return steps;
    }

    /** @return interpolation and border handling of geometric steps */
    public WarpOptions warpOptions() {
        return warpOptions;
    }

    @Override
    public String toString() {
        return "Augmenter" + steps + " " + warpOptions;
    }

    /** Builds an {@link Augmenter}; not thread-safe. */
    public static final class Builder {
        private final List<AugmentStep> steps = new ArrayList<>();
        private WarpOptions warpOptions = WarpOptions.defaults();

        private Builder() {}

        /**
         * Appends a step with the probability it carries (1 unless set with {@link AugmentStep#withProbability}).
         *
         * @param step the step
         * @return this builder
         */
        public Builder add(AugmentStep step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /**
         * Appends a step with the given probability.
         *
         * @param step the step
         * @param probability the chance that it fires for an image, {@code [0, 1]}
         * @return this builder
         */
        public Builder add(AugmentStep step, double probability) {
            return add(step.withProbability(probability));
        }

        /**
         * @param options interpolation, border handling and fill of the geometric steps (default bilinear,
         *     constant black border)
         * @return this builder
         */
        public Builder optWarpOptions(WarpOptions options) {
            this.warpOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** @return the pipeline */
        public Augmenter build() {
            return new Augmenter(this);
        }
    }
}
