package io.github.covidxray.training;

import io.github.covidxray.core.PreprocessingSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a training run. Immutable; build with {@link #builder()}. The defaults follow
 * common transfer-learning practice for ImageNet backbones on small medical datasets.
 *
 * <p>Two phases: {@code headEpochs} with the backbone frozen (skipped when there are no pretrained weights,
 * since a random frozen backbone teaches nothing), then {@code fineTuneEpochs} of everything at the lower
 * fine-tuning rate. Each phase warms the learning rate up linearly over {@code warmupFraction} of its steps,
 * then decays it along a cosine to {@code minLearningRateFraction} of the peak. Early stopping watches the
 * validation macro ROC-AUC during fine-tuning; the best epoch of the whole run is kept.
 *
 * @param architecture network: {@code mobilenetv2}, {@code mobilenetv2-<width>} (e.g. {@code mobilenetv2-0.5})
 *     or {@code densenet121}
 * @param preprocessing how images become input (its channel count is the network's input channels)
 * @param pretrainedWeights torchvision {@code state_dict} ({@code .npz}/{@code .safetensors}) for the backbone,
 *     or {@code null} to train from scratch
 * @param batchSize images per step
 * @param headEpochs epochs of phase 1 (frozen backbone)
 * @param fineTuneEpochs maximum epochs of phase 2 (everything trainable)
 * @param headLearningRate peak learning rate of phase 1
 * @param fineTuneLearningRate peak learning rate of phase 2
 * @param optimizer the optimiser
 * @param momentum momentum for {@link OptimizerKind#SGD}
 * @param weightDecay weight decay (decoupled for AdamW, L2 otherwise)
 * @param warmupFraction share of each phase's steps spent warming up, in [0, 1)
 * @param minLearningRateFraction where the cosine ends, as a share of the peak, in [0, 1]
 * @param dropout dropout before the classifier
 * @param classBalancing how class imbalance is handled
 * @param earlyStoppingPatience fine-tuning epochs without improvement before stopping; 0 never stops early
 * @param minImprovement the smallest rise of validation macro AUC that counts as an improvement
 * @param seed seeds weight initialisation, shuffling, augmentation and dropout
 * @param workers background threads decoding, augmenting and preprocessing images
 * @param augmentation applied to training images only
 * @param augmentationDescription how {@code augmentation} is described in the model card
 * @param batchNormRecalibration training batches used to re-estimate BatchNorm statistics for the current
 *     weights before each validation (0 = off, as plain PyTorch); running averages lag behind fast-changing
 *     weights (training from scratch, Adam), which can make inference outputs near-constant
 * @param maxStepsPerEpoch cap on steps per epoch (0 = whole dataset); for smoke tests and benchmarks
 * @param checkpointDir where per-epoch checkpoints go, or {@code null} for {@code <bundle>/checkpoints}
 * @param resume continue from the checkpoint in {@code checkpointDir} if there is one
 * @param keepCheckpoints keep the checkpoints after a successful run
 * @param engine the DJL engine to train on
 * @param modelName the name written into the model card
 * @param operatingPointLabel the class whose operating point is chosen on the validation set and stored in the
 *     bundle ({@link io.github.covidxray.core.eval.OperatingPoints}), or {@code null} for none
 * @param targetSensitivity the sensitivity that operating point keeps on validation, in (0, 1]
 */
public record TrainingConfig(
        String architecture,
        PreprocessingSpec preprocessing,
        Path pretrainedWeights,
        int batchSize,
        int headEpochs,
        int fineTuneEpochs,
        float headLearningRate,
        float fineTuneLearningRate,
        OptimizerKind optimizer,
        float momentum,
        float weightDecay,
        float warmupFraction,
        float minLearningRateFraction,
        float dropout,
        ClassBalancing classBalancing,
        int earlyStoppingPatience,
        double minImprovement,
        long seed,
        int workers,
        Augmentation augmentation,
        String augmentationDescription,
        int batchNormRecalibration,
        int maxStepsPerEpoch,
        Path checkpointDir,
        boolean resume,
        boolean keepCheckpoints,
        String engine,
        String modelName,
        String operatingPointLabel,
        double targetSensitivity) {

    /** Validates the values. */
    public TrainingConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(classBalancing, "classBalancing");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(engine, "engine");
        check(batchSize >= 2, "batch size must be >= 2 (BatchNorm needs two images), got " + batchSize);
        check(headEpochs >= 0 && fineTuneEpochs >= 0 && headEpochs + fineTuneEpochs > 0,
                "epochs must be >= 0 and not both 0, got head=" + headEpochs + " fine-tune=" + fineTuneEpochs);
        check(headLearningRate > 0 && fineTuneLearningRate > 0, "learning rates must be > 0, got "
                + headLearningRate + " and " + fineTuneLearningRate);
        check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must be in [0, 1), got " + warmupFraction);
        check(minLearningRateFraction >= 0 && minLearningRateFraction <= 1,
                "minimum learning rate fraction must be in [0, 1], got " + minLearningRateFraction);
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        check(earlyStoppingPatience >= 0, "patience must be >= 0, got " + earlyStoppingPatience);
        check(workers >= 1, "workers must be >= 1, got " + workers);
        check(batchNormRecalibration >= 0, "BatchNorm recalibration batches must be >= 0, got "
                + batchNormRecalibration);
        check(maxStepsPerEpoch >= 0, "max steps per epoch must be >= 0, got " + maxStepsPerEpoch);
        check(targetSensitivity > 0 && targetSensitivity <= 1, "target sensitivity must be in (0, 1], got "
                + targetSensitivity);
        if (modelName == null || modelName.isBlank()) {
            modelName = "covid-xray-" + architecture;
        }
        if (augmentationDescription == null) {
            augmentationDescription = augmentation == Augmentation.NONE ? "none" : "custom";
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the settings as JSON-friendly values, for the model card's provenance */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture);
        m.put("pretrained_weights", pretrainedWeights == null ? "none" : pretrainedWeights.getFileName().toString());
        m.put("batch_size", batchSize);
        m.put("head_epochs", headEpochs);
        m.put("fine_tune_epochs", fineTuneEpochs);
        m.put("head_learning_rate", headLearningRate);
        m.put("fine_tune_learning_rate", fineTuneLearningRate);
        m.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        if (optimizer == OptimizerKind.SGD) {
            m.put("momentum", momentum);
        }
        m.put("weight_decay", weightDecay);
        m.put("schedule", "linear warm-up " + warmupFraction + " of each phase, cosine to " + minLearningRateFraction);
        m.put("dropout", dropout);
        m.put("class_balancing", classBalancing.name().toLowerCase(Locale.ROOT));
        m.put("early_stopping_patience", earlyStoppingPatience);
        m.put("selection", "best validation macro ROC-AUC");
        m.put("seed", seed);
        m.put("augmentation", augmentationDescription);
        if (batchNormRecalibration > 0) {
            m.put("batchnorm_recalibration_batches", batchNormRecalibration);
        }
        if (maxStepsPerEpoch > 0) {
            m.put("max_steps_per_epoch", maxStepsPerEpoch);
        }
        m.put("engine", engine);
        return m;
    }

    /** Builds a {@link TrainingConfig}; every setting has a default. Not thread-safe. */
    public static final class Builder {
        private String architecture = "mobilenetv2";
        private PreprocessingSpec preprocessing = PreprocessingSpec.imagenet(224);
        private Path pretrainedWeights;
        private int batchSize = 16;
        private int headEpochs = 3;
        private int fineTuneEpochs = 15;
        private float headLearningRate = 1e-3f;
        private float fineTuneLearningRate = 1e-4f;
        private OptimizerKind optimizer = OptimizerKind.ADAMW;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private float warmupFraction = 0.1f;
        private float minLearningRateFraction = 0.01f;
        private float dropout = 0.2f;
        private ClassBalancing classBalancing = ClassBalancing.CLASS_WEIGHTS;
        private int earlyStoppingPatience = 5;
        private double minImprovement = 1e-4;
        private long seed = 42;
        private int workers = 2;
        private Augmentation augmentation = Augmentation.NONE;
        private String augmentationDescription;
        private int batchNormRecalibration = 10;
        private int maxStepsPerEpoch;
        private Path checkpointDir;
        private boolean resume;
        private boolean keepCheckpoints;
        private String engine = "PyTorch";
        private String modelName;
        private String operatingPointLabel;
        private double targetSensitivity = 0.95;

        private Builder() {}

        /** @param architecture {@code mobilenetv2[-width]} or {@code densenet121} (default mobilenetv2) @return this */
        public Builder optArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /** @param spec the preprocessing (default ImageNet-style 224x224, 3 channels) @return this */
        public Builder optPreprocessing(PreprocessingSpec spec) {
            this.preprocessing = spec;
            return this;
        }

        /** @param file torchvision weights for the backbone ({@code .npz}/{@code .safetensors}) @return this */
        public Builder optPretrainedWeights(Path file) {
            this.pretrainedWeights = file;
            return this;
        }

        /** @param batchSize images per step (default 16) @return this */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param head epochs with the backbone frozen (default 3)
         * @param fineTune maximum epochs of full fine-tuning (default 15)
         * @return this
         */
        public Builder optEpochs(int head, int fineTune) {
            this.headEpochs = head;
            this.fineTuneEpochs = fineTune;
            return this;
        }

        /**
         * @param head peak learning rate with the backbone frozen (default 1e-3)
         * @param fineTune peak learning rate of fine-tuning (default 1e-4)
         * @return this
         */
        public Builder optLearningRates(float head, float fineTune) {
            this.headLearningRate = head;
            this.fineTuneLearningRate = fineTune;
            return this;
        }

        /** @param optimizer the optimiser (default AdamW) @return this */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** @param momentum SGD momentum (default 0.9) @return this */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** @param weightDecay weight decay (default 1e-4) @return this */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param warmupFraction share of each phase's steps for linear warm-up (default 0.1)
         * @param minFraction final learning rate of the cosine as a share of the peak (default 0.01)
         * @return this
         */
        public Builder optSchedule(float warmupFraction, float minFraction) {
            this.warmupFraction = warmupFraction;
            this.minLearningRateFraction = minFraction;
            return this;
        }

        /** @param dropout dropout before the classifier (default 0.2) @return this */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** @param balancing class imbalance handling (default class weights) @return this */
        public Builder optClassBalancing(ClassBalancing balancing) {
            this.classBalancing = balancing;
            return this;
        }

        /**
         * @param patience fine-tuning epochs without improvement before stopping; 0 disables (default 5)
         * @param minImprovement smallest macro-AUC rise that counts (default 1e-4)
         * @return this
         */
        public Builder optEarlyStopping(int patience, double minImprovement) {
            this.earlyStoppingPatience = patience;
            this.minImprovement = minImprovement;
            return this;
        }

        /** @param seed the random seed (default 42) @return this */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param workers background image threads (default 2) @return this */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * @param augmentation applied to training images (default none)
         * @param description how to describe it in the model card
         * @return this
         */
        public Builder optAugmentation(Augmentation augmentation, String description) {
            this.augmentation = augmentation;
            this.augmentationDescription = description;
            return this;
        }

        /**
         * @param batches training batches for re-estimating BatchNorm statistics before each validation
         *     (default 10); 0 turns it off, as in plain PyTorch training
         * @return this
         */
        public Builder optBatchNormRecalibration(int batches) {
            this.batchNormRecalibration = batches;
            return this;
        }

        /** @param steps cap on steps per epoch, 0 for no cap (default 0) @return this */
        public Builder optMaxStepsPerEpoch(int steps) {
            this.maxStepsPerEpoch = steps;
            return this;
        }

        /** @param dir where checkpoints go (default {@code <bundle>/checkpoints}) @return this */
        public Builder optCheckpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** @param resume continue from an existing checkpoint (default false) @return this */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** @param keep keep checkpoints after success (default false) @return this */
        public Builder optKeepCheckpoints(boolean keep) {
            this.keepCheckpoints = keep;
            return this;
        }

        /** @param engine the DJL engine name (default PyTorch) @return this */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /** @param name the model name in the card (default {@code covid-xray-<architecture>}) @return this */
        public Builder optModelName(String name) {
            this.modelName = name;
            return this;
        }

        /**
         * Stores an operating point in the bundle: the threshold on P({@code label}) that keeps the class's
         * sensitivity at {@code targetSensitivity} on the validation set, chosen by the library's rule
         * ({@link io.github.covidxray.core.eval.OperatingPoints}) on the kept weights (default: none).
         *
         * @param label the class to flag, for example {@code covid}; it must have validation images
         * @param targetSensitivity the sensitivity to keep, in (0, 1] (for example 0.95)
         * @return this
         */
        public Builder optOperatingPoint(String label, double targetSensitivity) {
            this.operatingPointLabel = label;
            this.targetSensitivity = targetSensitivity;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public TrainingConfig build() {
            return new TrainingConfig(architecture, preprocessing, pretrainedWeights, batchSize, headEpochs,
                    fineTuneEpochs, headLearningRate, fineTuneLearningRate, optimizer, momentum, weightDecay,
                    warmupFraction, minLearningRateFraction, dropout, classBalancing, earlyStoppingPatience,
                    minImprovement, seed, workers, augmentation, augmentationDescription, batchNormRecalibration,
                    maxStepsPerEpoch,
                    checkpointDir, resume, keepCheckpoints, engine, modelName, operatingPointLabel, targetSensitivity);
        }
    }
}
