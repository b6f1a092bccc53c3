package io.github.covidxray.training.segmentation;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.covidxray.augment.SampleSeeds;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.eval.MaskOverlap;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.training.NetworkBundles;
import io.github.covidxray.training.nn.UNetBlock;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link UNetBlock} to segment one structure (the lungs) from X-rays paired with binary masks, and
 * writes a DJL-format segmentation bundle ({@link OutputKind#MASK_LOGITS}, one label).
 *
 * <pre>{@code
 * SegmentationTrainer trainer = SegmentationTrainer.builder().optImageSize(128).optEpochs(80)
 *         .optTimeBudget(Duration.ofMinutes(40)).build();
 * SegmentationTrainer.Result r = trainer.train(train, val, Path.of("lungs-bundle"), progress);
 * }</pre>
 *
 * <p>Loss: binary cross-entropy plus soft Dice ({@code 1 - mean per-image Dice} of the sigmoid map), on
 * masks resized to the input like the images (so border pixels are soft targets). Adam with a cosine
 * schedule. Each epoch ends with validation; the epoch with the best mean per-image Dice (at the
 * network's input resolution, logit above 0) is the one written, and training stops early after
 * {@code patience} epochs without improvement or when the next epoch would exceed the time budget.
 * Augmentation ({@link MaskAugmentation}) is drawn from {@code (seed, epoch, index)} alone.
 *
 * <p>Engine-neutral (PyTorch by default; the engine must be on the class path). Not thread-safe.
 */
public final class SegmentationTrainer {

    /** The label of the one class a lung bundle segments. */
    public static final String LUNGS = "lungs";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);

    private final int imageSize;
    private final int baseFilters;
    private final int batchSize;
    private final int epochs;
    private final int patience;
    private final float learningRate;
    private final long seed;
    private final Duration timeBudget;
    private final MaskAugmentation augmentation;
    private final String engine;
    private final String name;
    private final Map<String, Object> dataProvenance;

    private SegmentationTrainer(Builder b) {
        this.imageSize = b.imageSize;
        this.baseFilters = b.baseFilters;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.patience = b.patience;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.timeBudget = b.timeBudget;
        this.augmentation = b.augmentation;
        this.engine = b.engine;
        this.name = b.name;
        this.dataProvenance = b.dataProvenance;
    }

    /** @return a builder with the defaults (128 px, 16 base filters, batch 8, 80 epochs, patience 15) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The preprocessing of the bundles this trainer writes: letterbox (the whole field, aspect kept) to a square,
     * area resampling, one channel, values in [-1, 1].
     *
     * @param size the square side, a multiple of 16
     * @return the spec
     */
    public static PreprocessingSpec preprocessing(int size) {
        return PreprocessingSpec.builder().setSize(size).optResizeMode(PreprocessingSpec.ResizeMode.LETTERBOX)
                .optResampling(PreprocessingSpec.Resampling.AREA).optChannels(1)
                .optNormalization(PreprocessingSpec.Normalization.SYMMETRIC).build();
    }

    /**
     * What a run did.
     *
     * @param bundle the written bundle (the best epoch's weights)
     * @param bestEpoch the best epoch, from 1
     * @param bestValidationDice its mean per-image validation Dice at input resolution
     * @param epochsRun epochs trained
     * @param stopReason why training ended
     * @param elapsed wall time
     */
    public record Result(ModelBundle bundle, int bestEpoch, double bestValidationDice, int epochsRun,
            String stopReason, Duration elapsed) {}

    /**
     * Trains and writes the bundle of the best epoch.
     *
     * @param train training samples
     * @param val validation samples (selection only)
     * @param outDir the bundle folder
     * @param progress told after every step and epoch
     * @return the result
     * @throws IOException if writing the bundle fails
     * @throws IllegalArgumentException if a set is empty or has fewer than 2 training samples
     */
    public Result train(List<SegmentationSample> train, List<SegmentationSample> val, Path outDir,
            ProgressListener progress) throws IOException {
        if (train.size() < 2 || val.isEmpty()) {
            throw new IllegalArgumentException("need at least 2 training and 1 validation sample, got "
                    + train.size() + " and " + val.size());
        }
        long start = System.nanoTime();
        PreprocessingSpec spec = preprocessing(imageSize);
        Batches batches = new Batches(spec);
        List<Batches.Batch> valBatches = new ArrayList<>();
        for (int from = 0; from < val.size(); from += batchSize) {
            valBatches.add(batches.make(val.subList(from, Math.min(val.size(), from + batchSize))));
        }
        int stepsPerEpoch = train.size() / batchSize;
        long totalSteps = (long) stepsPerEpoch * epochs;
        Engine.getEngine(engine).setRandomSeed((int) seed);
        UNetBlock net = UNetBlock.create(1, baseFilters, 4);
        Shape inputShape = new Shape(batchSize, 1, imageSize, imageSize);
        try (Model model = Model.newInstance(name, engine)) {
            model.setBlock(net);
            Tracker schedule = Tracker.cosine().setBaseValue(learningRate).optFinalValue(learningRate / 100)
                    .setMaxUpdates(Math.toIntExact(totalSteps)).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build())
                    .optDevices(new Device[] {model.getNDManager().getDevice()});
            double best = -1;
            int bestEpoch = 0;
            int epoch = 0;
            ModelBundle bundle = null;
            String reason = "ran all " + epochs + " epochs";
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                LOG.info("training {} on {} images ({} steps of {} per epoch), validating on {}, up to {} epochs "
                        + "or {} min", net.architecture(), train.size(), stepsPerEpoch, batchSize, val.size(), epochs,
                        timeBudget.toMinutes());
                while (epoch < epochs) {
                    long epochStart = System.nanoTime();
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < train.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(SampleSeeds.key(seed, epoch))); // as EpochSampler shuffles
                    double lossSum = 0;
                    for (int s = 0; s < stepsPerEpoch; s++) {
                        List<SegmentationSample> chunk = new ArrayList<>(batchSize);
                        for (int k = 0; k < batchSize; k++) {
                            int index = order.get(s * batchSize + k);
                            chunk.add(augmentation.apply(train.get(index), SampleSeeds.generator(seed, epoch, index)));
                        }
                        lossSum += step(trainer, batches.make(chunk));
                        progress.progress((long) epoch * stepsPerEpoch + s + 1, totalSteps,
                                String.format("epoch %d loss %.4f", epoch + 1, lossSum / (s + 1)));
                    }
                    double dice = validate(net, model, valBatches);
                    epoch++;
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    boolean improved = dice > best;
                    LOG.info("epoch {}: train loss {}, val Dice {} ({} s){}", epoch,
                            String.format("%.4f", lossSum / stepsPerEpoch), String.format("%.4f", dice),
                            String.format("%.0f", seconds), improved ? ", best so far" : "");
                    if (improved) {
                        best = dice;
                        bestEpoch = epoch;
                        bundle = NetworkBundles.write(model, card(net, spec, train.size(), val.size(), epoch, dice),
                                outDir);
                    }
                    if (epoch - bestEpoch >= patience) {
                        reason = "no improvement in validation Dice for " + patience + " epochs";
                        break;
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (elapsed + seconds > timeBudget.toSeconds()) {
                        reason = "time budget of " + timeBudget.toMinutes() + " min reached";
                        break;
                    }
                }
            }
            LOG.info("stopped after epoch {}: {}; best epoch {} with val Dice {}", epoch, reason, bestEpoch,
                    String.format("%.4f", best));
            return new Result(bundle, bestEpoch, best, epoch, reason, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** One Adam step on Dice + BCE; returns the batch loss. */
    private static double step(Trainer trainer, Batches.Batch b) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = sub.create(FloatBuffer.wrap(b.images()), b.imageShape());
            NDArray t = sub.create(FloatBuffer.wrap(b.masks()), new Shape(b.size(), b.pixels()));
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = diceBce(logits, t);
                collector.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /**
     * Binary cross-entropy on logits (the stable form {@code max(x,0) - x t + log(1 + e^-|x|)}) plus
     * {@code 1 - } the mean per-image soft Dice of the sigmoid map (smoothed by 1 pixel).
     */
    static NDArray diceBce(NDArray logits, NDArray target) {
        NDArray bce = logits.maximum(0).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1).log()).mean();
        NDArray p = Activation.sigmoid(logits);
        NDArray intersection = p.mul(target).sum(new int[] {1});
        NDArray sizes = p.sum(new int[] {1}).add(target.sum(new int[] {1}));
        NDArray dice = intersection.mul(2).add(1).div(sizes.add(1));
        return bce.add(dice.neg().add(1).mean());
    }

    /** Mean per-image Dice at input resolution, logits above 0 against masks above 0.5. */
    private static double validate(UNetBlock net, Model model, List<Batches.Batch> valBatches) {
        double sum = 0;
        int n = 0;
        for (Batches.Batch b : valBatches) {
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray x = sub.create(FloatBuffer.wrap(b.images()), b.imageShape());
                float[] logits = net.forward(new ParameterStore(sub, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                for (int i = 0; i < b.size(); i++) {
                    boolean[] predicted = new boolean[b.pixels()];
                    boolean[] truth = new boolean[b.pixels()];
                    for (int j = 0; j < b.pixels(); j++) {
                        predicted[j] = logits[i * b.pixels() + j] > 0;
                        truth[j] = b.masks()[i * b.pixels() + j] > 0.5f;
                    }
                    sum += MaskOverlap.of(predicted, truth).dice();
                    n++;
                }
            }
        }
        return sum / n;
    }

    private ModelCard card(UNetBlock net, PreprocessingSpec spec, int trainSize, int valSize, int epoch,
            double dice) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("engine", engine);
        training.put("loss", "binary cross-entropy + (1 - soft Dice)");
        training.put("optimizer", "adam, cosine schedule from " + learningRate + " to " + learningRate / 100);
        training.put("batch_size", batchSize);
        training.put("max_epochs", epochs);
        training.put("best_epoch", epoch);
        training.put("patience", patience);
        training.put("seed", seed);
        training.put("augmentation", augmentation.toString());
        training.put("train_images", trainSize);
        training.put("val_images", valSize);
        Map<String, Object> provenance = new LinkedHashMap<>(dataProvenance);
        provenance.put("training", training);
        provenance.put("selection", Map.of("metric", "mean per-image Dice on val at " + spec.width() + "x"
                + spec.height() + " input resolution, logit > 0", "value", dice));
        return ModelCard.builder().setName(name).setArchitecture(net.architecture()).setLabels(List.of(LUNGS))
                .setPreprocessing(spec).setWeights(ModelFormat.DJL, name + "-0000.params")
                .optOutput(OutputKind.MASK_LOGITS).optProvenance(provenance).build();
    }

    /** Turns samples into input and target arrays. */
    private static final class Batches {
        private final XrayPreprocessor images;
        private final XrayPreprocessor masks;
        private final int pixels;

        record Batch(float[] images, float[] masks, int size, int pixels, Shape imageShape) {}

        Batches(PreprocessingSpec spec) {
            this.images = new XrayPreprocessor(spec);
            // Same geometry, values 0..1: border pixels become the fraction of lung they cover.
            this.masks = new XrayPreprocessor(spec.toBuilder()
                    .optNormalization(PreprocessingSpec.Normalization.UNIT).build());
            this.pixels = spec.width() * spec.height();
        }

        Batch make(List<SegmentationSample> samples) {
            int n = samples.size();
            float[] x = new float[n * pixels];
            float[] t = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                images.toChw(samples.get(i).image(), x, i * pixels);
                masks.toChw(samples.get(i).mask(), t, i * pixels);
            }
            return new Batch(x, t, n, pixels, new Shape(n).addAll(images.sampleShape()));
        }
    }

    /** Options for {@link SegmentationTrainer}. Not thread-safe. */
    public static final class Builder {
        private int imageSize = 128;
        private int baseFilters = 16;
        private int batchSize = 8;
        private int epochs = 80;
        private int patience = 15;
        private float learningRate = 1e-3f;
        private long seed = 42;
        private Duration timeBudget = Duration.ofHours(2);
        private MaskAugmentation augmentation = MaskAugmentation.CONSERVATIVE;
        private String engine = "PyTorch";
        private String name = "lungs-unet";
        private Map<String, Object> dataProvenance = Map.of();

        private Builder() {}

        /** @param size square input side, a multiple of 16 (default 128) @return this builder */
        public Builder optImageSize(int size) {
            if (size < 16 || size % 16 != 0) {
                throw new IllegalArgumentException("image size must be a multiple of 16, got " + size);
            }
            this.imageSize = size;
            return this;
        }

        /** @param filters first-level filters (default 16) @return this builder */
        public Builder optBaseFilters(int filters) {
            this.baseFilters = filters;
            return this;
        }

        /** @param size images per step, at least 2 for BatchNorm (default 8) @return this builder */
        public Builder optBatchSize(int size) {
            if (size < 2) {
                throw new IllegalArgumentException("batch size must be >= 2, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** @param max maximum epochs @param patience stop after this many without improvement @return this builder */
        public Builder optEpochs(int max, int patience) {
            if (max < 1 || patience < 1) {
                throw new IllegalArgumentException("epochs and patience must be >= 1");
            }
            this.epochs = max;
            this.patience = patience;
            return this;
        }

        /** @param rate Adam's peak learning rate (default 1e-3) @return this builder */
        public Builder optLearningRate(float rate) {
            this.learningRate = rate;
            return this;
        }

        /** @param seed seeds initialisation, order and augmentation (default 42) @return this builder */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param budget stop before an epoch would end past it (default 2 h) @return this builder */
        public Builder optTimeBudget(Duration budget) {
            this.timeBudget = budget;
            return this;
        }

        /** @param augmentation paired augmentation (default {@link MaskAugmentation#CONSERVATIVE}) @return this builder */
        public Builder optAugmentation(MaskAugmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** @param engine the DJL engine (default PyTorch) @return this builder */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /** @param name the model name in the bundle (default lungs-unet) @return this builder */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** @param provenance where the data came from, copied into the bundle's provenance @return this builder */
        public Builder optDataProvenance(Map<String, Object> provenance) {
            this.dataProvenance = Map.copyOf(provenance);
            return this;
        }

        /** @return the trainer */
        public SegmentationTrainer build() {
            return new SegmentationTrainer(this);
        }
    }
}
