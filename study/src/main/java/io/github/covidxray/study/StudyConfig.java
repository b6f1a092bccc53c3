package io.github.covidxray.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the study runs on and how. Built with {@link #builder()}: {@code setData} and {@code setOutput} are
 * required, everything else has the defaults of the SDK's default model (MobileNetV2 at 128x128, one
 * channel, trained from scratch: no pretrained weights reach this project), so the augmented MobileNetV2 arm
 * repeats that model's recipe. Immutable.
 *
 * @param data the dataset root: {@code train/} and {@code val/} class folders, or the manifest's root
 * @param manifest a manifest CSV with {@code train} and {@code val} splits, or {@code null}
 * @param output the folder the report, figures and arms are written to
 * @param arms the arms, in report order
 * @param imageSize the input size in pixels (square)
 * @param channels input channels, 1 or 3
 * @param epochs the most epochs an arm trains (early stopping may end it sooner)
 * @param patience early-stopping patience in epochs
 * @param batchSize images per step
 * @param learningRate the peak learning rate
 * @param seed the seed every arm uses (weights, shuffling, augmentation)
 * @param bootstrapResamples resamples for every interval
 * @param maxStepsPerEpoch a cap on steps per epoch (0 = none)
 * @param maxImagesPerClass a cap on images per class and split (0 = all), for quick runs
 * @param quick whether this is a smoke run ({@link Builder#optQuick()}); the report says so prominently
 * @param command how the study was started, shown in the report (for example the command line), or {@code null}
 * @param examples images whose explanation overlays go into the report (may be empty); they must be free to
 *     publish and may not lie inside {@code data}, whose images must not be copied into a report
 * @param explainPerClass validation images per class whose class activation maps are audited (saliency mass in
 *     the central lung field, fidelity), the first of each class in the split's order
 * @param oodPerKind images per generated kind of out-of-distribution input (noise, gradients, shapes, text)
 */
public record StudyConfig(Path data, Path manifest, Path output, List<StudyArm> arms, int imageSize, int channels,
        int epochs, int patience, int batchSize, float learningRate, long seed, int bootstrapResamples,
        int maxStepsPerEpoch, int maxImagesPerClass, boolean quick, String command, List<Path> examples,
        int explainPerClass, int oodPerKind) {

    /** Validates the values. */
    public StudyConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(output, "output");
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one arm");
        }
        if (arms.stream().map(StudyArm::name).distinct().count() != arms.size()) {
            throw new IllegalArgumentException("arms must be distinct, got " + arms);
        }
        if (imageSize < 16 || channels < 1 || channels > 3 || epochs < 1 || patience < 0 || batchSize < 1
                || !(learningRate > 0) || bootstrapResamples < 0 || maxStepsPerEpoch < 0 || maxImagesPerClass < 0) {
            throw new IllegalArgumentException("invalid study settings: size " + imageSize + ", channels " + channels
                    + ", epochs " + epochs + ", patience " + patience + ", batch " + batchSize + ", lr " + learningRate
                    + ", resamples " + bootstrapResamples);
        }
        if (explainPerClass < 1 || oodPerKind < 1) {
            throw new IllegalArgumentException("explained images per class and generated OOD images per kind must be"
                    + " at least 1, got " + explainPerClass + " and " + oodPerKind);
        }
        examples = List.copyOf(examples);
        Path dataRoot = data.toAbsolutePath().normalize();
        for (Path e : examples) {
            // Overlays of dataset images would put the dataset's pictures into a committed report.
            if (e.toAbsolutePath().normalize().startsWith(dataRoot)) {
                throw new IllegalArgumentException(e + ": example explanations are written into the report, so they "
                        + "may not come from the dataset (" + data + "); use images free to publish, e.g. samples/");
            }
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StudyConfig}. Not thread-safe. */
    public static final class Builder {
        private Path data;
        private Path manifest;
        private Path output;
        private List<StudyArm> arms = StudyArm.defaults();
        private int imageSize = 128;
        private int channels = 1;
        private int epochs = 30;
        private int patience = 8;
        private int batchSize = 16;
        private float learningRate = 1e-3f;
        private long seed = 7;
        private int bootstrapResamples = 1000;
        private int maxStepsPerEpoch;
        private int maxImagesPerClass;
        private boolean quick;
        private String command;
        private List<Path> examples = List.of();
        private int explainPerClass = 20;
        private int oodPerKind = 40;

        private Builder() {}

        /**
         * @param images images free to publish (for example the repository's {@code samples/}) whose CAM and
         *     occlusion overlays go into the report; not from the dataset
         * @return this builder
         */
        public Builder optExamples(List<Path> images) {
            this.examples = images;
            return this;
        }

        /**
         * @param perClass validation images per class whose class activation maps are audited; default 20
         * @return this builder
         */
        public Builder optExplainPerClass(int perClass) {
            this.explainPerClass = perClass;
            return this;
        }

        /**
         * @param perKind images per generated out-of-distribution kind; default 40
         * @return this builder
         */
        public Builder optOodPerKind(int perKind) {
            this.oodPerKind = perKind;
            return this;
        }

        /**
         * @param command how the study was started (a command line), shown in the report so it can be rerun
         * @return this builder
         */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * @param data the dataset root
         * @return this builder
         */
        public Builder setData(Path data) {
            this.data = data;
            return this;
        }

        /**
         * @param output the folder to write to (created; an earlier run there is resumed)
         * @return this builder
         */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /**
         * @param manifest a manifest CSV with train and val splits
         * @return this builder
         */
        public Builder optManifest(Path manifest) {
            this.manifest = manifest;
            return this;
        }

        /**
         * @param arms the arms to run, in report order
         * @return this builder
         */
        public Builder optArms(List<StudyArm> arms) {
            this.arms = arms;
            return this;
        }

        /**
         * @param size input size in pixels
         * @return this builder
         */
        public Builder optImageSize(int size) {
            this.imageSize = size;
            return this;
        }

        /**
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * @param epochs the most epochs per arm
         * @param patience early-stopping patience (0 = never stop early)
         * @return this builder
         */
        public Builder optEpochs(int epochs, int patience) {
            this.epochs = epochs;
            this.patience = patience;
            return this;
        }

        /**
         * @param batchSize images per step
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param learningRate the peak learning rate
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param seed the seed all arms share
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param resamples bootstrap resamples per interval
         * @return this builder
         */
        public Builder optBootstrapResamples(int resamples) {
            this.bootstrapResamples = resamples;
            return this;
        }

        /**
         * A smoke run that checks the pipeline, not the science: 32x32 inputs, 2 epochs of at most 2 steps, at
         * most 8 images per class and split, 200 resamples, 2 explained images per class and 4 generated images
     * per OOD kind. Its numbers mean nothing and the report says so.
         *
         * @return this builder
         */
        public Builder optQuick() {
            this.quick = true;
            this.imageSize = 32;
            this.epochs = 2;
            this.patience = 0;
            this.batchSize = 8;
            this.maxStepsPerEpoch = 2;
            this.maxImagesPerClass = 8;
            this.bootstrapResamples = 200;
            this.explainPerClass = 2;
            this.oodPerKind = 4;
            return this;
        }

        /** @return the configuration */
        public StudyConfig build() {
            return new StudyConfig(data, manifest, output, arms, imageSize, channels, epochs, patience, batchSize,
                    learningRate, seed, bootstrapResamples, maxStepsPerEpoch, maxImagesPerClass, quick, command, examples, explainPerClass, oodPerKind);
        }
    }
}
