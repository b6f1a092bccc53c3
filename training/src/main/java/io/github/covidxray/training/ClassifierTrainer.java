package io.github.covidxray.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.augment.SampleSeeds;
import ai.djl.ModelException;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.explain.LungFocuser;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.OperatingPoints;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.training.nn.Architectures;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.TorchvisionWeights;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a MobileNetV2 or DenseNet-121 classifier on a labelled X-ray dataset and writes a model bundle.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *         .optArchitecture("mobilenetv2")
 *         .optPretrainedWeights(Path.of("mobilenet_v2_imagenet.npz"))
 *         .optEpochs(3, 15)
 *         .build();
 * TrainingResult result = new ClassifierTrainer(config)
 *         .addListener(progress)
 *         .train(DatasetReader.read(trainDir), DatasetReader.read(valDir), Path.of("my-model"));
 * }</pre>
 *
 * <p>Phase 1 trains a new head on a frozen backbone (BatchNorm in inference mode); phase 2 fine-tunes
 * everything at a lower learning rate, with early stopping on validation macro ROC-AUC. Images are read,
 * augmented and preprocessed on background threads. After every epoch a checkpoint is written, so an
 * interrupted run continues with {@link TrainingConfig#resume()}. The bundle holds the best epoch's weights,
 * the labels, the preprocessing, the settings, where the data came from and the validation metrics, and, with
 * {@link TrainingConfig.Builder#optOperatingPoint}, an operating point chosen on the validation set.
 *
 * <p>Engine-neutral: the engine named in the config (PyTorch by default) must be on the class path. Not
 * thread-safe; one run at a time per instance.
 */
public final class ClassifierTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

    private final TrainingConfig config;
    private final List<TrainingProgressListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param config the settings
     */
    public ClassifierTrainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * @param listener receives progress
     * @return this trainer
     */
    public ClassifierTrainer addListener(TrainingProgressListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains and writes the bundle.
     *
     * @param train the training images; its labels become the model's classes, in its order
     * @param validation the validation images, with the same labels, used to pick the best epoch
     * @param bundleDir the folder to write the bundle to (checkpoints go to {@code bundleDir/checkpoints}
     *     unless configured otherwise)
     * @return the outcome
     * @throws IOException if the pretrained weights, a checkpoint or the bundle cannot be read or written
     * @throws IllegalArgumentException if the datasets are empty or their labels differ, or the configured
     *     operating-point class has no validation images
     */
    public TrainingResult train(XrayDataset train, XrayDataset validation, Path bundleDir) throws IOException {
        Instant start = Instant.now();
        List<String> labels = train.labels();
        checkData(train, validation);
        PreprocessingSpec spec = config.preprocessing();
        List<BatchPipeline.Sample> trainSamples = samples(train, labels);
        List<BatchPipeline.Sample> valSamples = samples(validation, labels);
        int[] counts = new int[labels.size()];
        trainSamples.forEach(s -> counts[s.label()]++);

        boolean pretrained = config.pretrainedWeights() != null;
        int headEpochs = pretrained ? config.headEpochs() : 0;
        if (!pretrained && config.headEpochs() > 0) {
            LOG.info("no pretrained weights: skipping the {} frozen-backbone epoch(s)", config.headEpochs());
        }
        int plannedEpochs = headEpochs + config.fineTuneEpochs();
        int batch = config.batchSize();
        // Full batches only (as drop_last): a short last batch gives BatchNorm noisy statistics, and in our
        // runs its odd shape made libtorch results vary between identical runs. The leftovers differ per epoch.
        int stepsPerEpoch = Math.max(1, trainSamples.size() / batch);
        if (config.maxStepsPerEpoch() > 0) {
            stepsPerEpoch = Math.min(stepsPerEpoch, config.maxStepsPerEpoch());
        }
        CheckpointStore store = new CheckpointStore(
                config.checkpointDir() != null ? config.checkpointDir() : bundleDir.resolve("checkpoints"));
        Map<String, Object> fingerprint = fingerprint(labels, headEpochs, trainSamples.size());

        Engine.getEngine(config.engine()).setRandomSeed(Long.hashCode(config.seed()));
        try (LungSegmenter segmenter = lungSegmenter(spec);
                Model model = Model.newInstance(config.modelName(), config.engine());
                BatchPipeline pipeline = new BatchPipeline(new XrayPreprocessor(spec), LungFocuser.of(spec, segmenter),
                        config.workers())) {
            ClassifierNetwork net = Architectures.create(config.architecture(), spec.channels(), labels.size(),
                    config.dropout());
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.channels(), spec.height(),
                    spec.width()));
            if (pretrained) {
                TorchvisionWeights.loadInto(net, config.pretrainedWeights(), false);
            }
            CheckpointStore.State state = new CheckpointStore.State(fingerprint, 0, 0, Double.NEGATIVE_INFINITY,
                    0, false, List.of());
            if (config.resume() && store.exists()) {
                state = store.read(fingerprint);
                store.loadLast(model, state);
                LOG.info("resuming from {} after epoch {} (best epoch {})", store.dir(), state.completedEpochs(),
                        state.bestEpoch());
            }
            TrainingPlan plan = new TrainingPlan(labels, train.counts(), validation.counts(), headEpochs,
                    config.fineTuneEpochs(), stepsPerEpoch, state.completedEpochs() + 1,
                    net.learnableParameterCount());
            listeners.forEach(l -> l.onStart(plan));

            Run run = new Run(model, net, pipeline, labels, plan,
                    new EpochSampler(trainSamples, labels.size(),
                            config.classBalancing() == ClassBalancing.BALANCED_SAMPLING, config.seed()),
                    valSamples, lossFor(counts));
            List<EpochResult> epochs = new ArrayList<>();
            while (state.completedEpochs() < plannedEpochs && !state.stopped()) {
                state = run.phase(state, store, epochs);
            }
            if (state.bestEpoch() == 0) {
                throw new IllegalStateException("no epoch was completed");
            }
            store.loadBest(model, state);
            net.setBackboneFrozen(false);
            Validation kept = run.validate();
            ValidationMetrics finalMetrics = kept.metrics();
            ModelCard card = card(labels, train, validation, headEpochs, state, finalMetrics, pipeline, start);
            if (config.operatingPointLabel() != null) {
                card = card.withOperatingPoint(OperatingPoints.choose(labels, kept.truth(), kept.probabilities(),
                        config.operatingPointLabel(), config.targetSensitivity()));
            }
            ModelBundle bundle = NetworkBundles.write(model, card, bundleDir);
            if (segmenter != null) {
                LOG.info("lung focus {}: {}", spec.lungFocus(), pipeline.focusStats());
            }
            if (!config.keepCheckpoints()) {
                store.delete();
            }
            LOG.info("wrote {} (best epoch {}, validation macro AUC {})", bundle.directory(), state.bestEpoch(),
                    finalMetrics.macroAuc());
            return new TrainingResult(bundle, state.bestEpoch(), finalMetrics, epochs, state.stopped(),
                    Duration.between(start, Instant.now()));
        }
    }

    /** The bundled lung segmenter when the spec asks for a lung focus, else {@code null}. */
    private static LungSegmenter lungSegmenter(PreprocessingSpec spec) throws IOException {
        try {
            return LungFocuser.openSegmenter(spec, "training");
        } catch (ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One training run's moving parts. */
    private final class Run {
        private final Model model;
        private final ClassifierNetwork net;
        private final BatchPipeline pipeline;
        private final List<String> labels;
        private final TrainingPlan plan;
        private final EpochSampler sampler;
        private final List<BatchPipeline.Sample> valSamples;
        private final WeightedCrossEntropyLoss loss;
        private final Shape sampleShape;
        private final int sampleSize;
        private double stepSeconds = Double.NaN;
        private double validationSeconds = Double.NaN;

        Run(Model model, ClassifierNetwork net, BatchPipeline pipeline, List<String> labels, TrainingPlan plan,
                EpochSampler sampler, List<BatchPipeline.Sample> valSamples, WeightedCrossEntropyLoss loss) {
            this.model = model;
            this.net = net;
            this.pipeline = pipeline;
            this.labels = labels;
            this.plan = plan;
            this.sampler = sampler;
            this.valSamples = valSamples;
            this.loss = loss;
            PreprocessingSpec spec = config.preprocessing();
            this.sampleShape = new Shape(spec.channels(), spec.height(), spec.width());
            this.sampleSize = spec.sampleSize();
        }

        /** Runs the rest of the phase the state is in; returns the state after its last epoch. */
        CheckpointStore.State phase(CheckpointStore.State state, CheckpointStore store, List<EpochResult> out)
                throws IOException {
            boolean head = state.completedEpochs() < plan.headEpochs();
            TrainingPhase phase = head ? TrainingPhase.HEAD : TrainingPhase.FINE_TUNE;
            int phaseStart = head ? 0 : plan.headEpochs();
            int phaseEnd = head ? plan.headEpochs() : plan.plannedEpochs();
            float peak = head ? config.headLearningRate() : config.fineTuneLearningRate();
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(peak,
                    (phaseEnd - phaseStart) * plan.stepsPerEpoch(), config.warmupFraction(),
                    config.minLearningRateFraction());
            net.setBackboneFrozen(head);
            LOG.info("phase {}: epochs {}-{}, peak learning rate {}", phase, phaseStart + 1, phaseEnd, peak);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
                    .optOptimizer(optimizer(schedule))
                    .optDevices(new Device[] {model.getNDManager().getDevice()}))) {
                while (state.completedEpochs() < phaseEnd && !state.stopped()) {
                    int epoch = state.completedEpochs();
                    Instant t0 = Instant.now();
                    double[] trainStats = trainEpoch(trainer, schedule, phase, epoch,
                            (epoch - phaseStart) * plan.stepsPerEpoch());
                    Instant t1 = Instant.now();
                    recalibrateBatchNorm(epoch);
                    ValidationMetrics metrics = validate().metrics();
                    validationSeconds = Duration.between(t1, Instant.now()).toMillis() / 1000.0;
                    double score = score(metrics);
                    boolean best = score > state.bestScore() + config.minImprovement();
                    int sinceBest = best ? 0 : state.epochsSinceBest() + (head ? 0 : 1);
                    boolean stop = !head && !best && config.earlyStoppingPatience() > 0
                            && sinceBest >= config.earlyStoppingPatience();
                    EpochResult result = new EpochResult(phase, epoch + 1, trainStats[0], trainStats[1], metrics,
                            schedule.rateAt(Math.max(0, (epoch + 1 - phaseStart) * plan.stepsPerEpoch() - 1)),
                            Duration.between(t0, Instant.now()), best);
                    List<Map<String, Object>> history = new ArrayList<>(state.history());
                    history.add(result.toMap());
                    state = new CheckpointStore.State(state.fingerprint(), epoch + 1,
                            best ? epoch + 1 : state.bestEpoch(), best ? score : state.bestScore(), sinceBest, stop,
                            history);
                    store.save(model, state, best);
                    out.add(result);
                    listeners.forEach(l -> l.onEpoch(result));
                    if (stop) {
                        String reason = "validation macro AUC did not improve for " + sinceBest + " epoch(s)";
                        LOG.info("early stop after epoch {}: {}", epoch + 1, reason);
                        listeners.forEach(l -> l.onEarlyStop(result.epoch(), reason));
                    }
                }
            }
            return state;
        }

        /** @return mean loss and accuracy over the epoch */
        private double[] trainEpoch(Trainer trainer, WarmupCosineSchedule schedule, TrainingPhase phase, int epoch,
                int firstStep) {
            List<BatchPipeline.Sample> order = sampler.order(epoch);
            int limit = Math.min(order.size(), plan.stepsPerEpoch() * config.batchSize());
            Iterator<BatchPipeline.Batch> batches = pipeline.batches(order.subList(0, limit), config.batchSize(),
                    config.augmentation(), SampleSeeds.key(config.seed(), epoch));
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int step = 0;
            long epochStart = System.nanoTime();
            while (batches.hasNext()) {
                BatchPipeline.Batch b = batches.next();
                step++;
                if (b.size() < 2) {
                    continue; // BatchNorm cannot normalise a single image in training mode
                }
                long t = System.nanoTime();
                float rate = schedule.rateAt(firstStep + step - 1);
                try (NDManager sub = trainer.getManager().newSubManager()) {
                    NDArray x = sub.create(FloatBuffer.wrap(b.data(), 0, b.size() * sampleSize),
                            new Shape(b.size()).addAll(sampleShape));
                    NDArray y = sub.create(Arrays.copyOf(b.labels(), b.size()));
                    schedule.setStep(firstStep + step - 1);
                    TrainingStep.Result r = TrainingStep.run(trainer, x, y);
                    lossSum += r.loss() * b.size();
                    correct += r.correct();
                    seen += b.size();
                }
                double seconds = (System.nanoTime() - t) / 1e9;
                stepSeconds = Double.isNaN(stepSeconds) ? seconds : 0.9 * stepSeconds + 0.1 * seconds;
                report(phase, epoch, step, lossSum / seen, correct / (double) seen, rate,
                        seen / ((System.nanoTime() - epochStart) / 1e9));
            }
            return new double[] {seen == 0 ? Double.NaN : lossSum / seen, seen == 0 ? Double.NaN : correct / (double) seen};
        }

        private void report(TrainingPhase phase, int epoch, int step, double meanLoss, double accuracy, float rate,
                double imagesPerSecond) {
            if (listeners.isEmpty()) {
                return;
            }
            int stepsLeftInEpoch = plan.stepsPerEpoch() - step;
            int epochsLeftAfter = plan.plannedEpochs() - epoch - 1;
            double valSeconds = Double.isNaN(validationSeconds)
                    ? stepSeconds / 3 * Math.ceil(valSamples.size() / (double) config.batchSize())
                    : validationSeconds;
            double epochEta = stepsLeftInEpoch * stepSeconds;
            double runEta = epochEta + valSeconds + epochsLeftAfter * (plan.stepsPerEpoch() * stepSeconds + valSeconds);
            StepProgress p = new StepProgress(phase, epoch + 1, plan.plannedEpochs(), step, plan.stepsPerEpoch(),
                    meanLoss, accuracy, rate, imagesPerSecond, seconds(epochEta), seconds(runEta));
            listeners.forEach(l -> l.onStep(p));
        }

        private void recalibrateBatchNorm(int epoch) {
            int batches = config.batchNormRecalibration();
            if (batches == 0) {
                return;
            }
            List<BatchPipeline.Sample> order = sampler.order(epoch);
            int limit = Math.min(order.size(), batches * config.batchSize());
            Iterator<BatchPipeline.Batch> it = pipeline.batches(order.subList(0, limit), config.batchSize(),
                    Augmentation.NONE, 0);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                Iterable<BatchPipeline.Batch> usable = () -> new FilteringIterator(it);
                BatchNormRecalibration.run(net, sub, usable, b -> sub.create(
                        FloatBuffer.wrap(b.data(), 0, b.size() * sampleSize), new Shape(b.size()).addAll(sampleShape)));
            }
        }

        /** Runs the validation set through the network in inference mode. */
        Validation validate() {
            float[][] probabilities = new float[valSamples.size()][];
            int[] truth = new int[valSamples.size()];
            int n = 0;
            double lossSum = 0;
            Iterator<BatchPipeline.Batch> batches = pipeline.batches(valSamples, config.batchSize(),
                    Augmentation.NONE, 0);
            while (batches.hasNext()) {
                BatchPipeline.Batch b = batches.next();
                if (b.size() == 0) {
                    continue;
                }
                try (NDManager sub = model.getNDManager().newSubManager()) {
                    NDArray x = sub.create(FloatBuffer.wrap(b.data(), 0, b.size() * sampleSize),
                            new Shape(b.size()).addAll(sampleShape));
                    NDArray logits = net.forward(new ParameterStore(sub, false), new NDList(x), false)
                            .singletonOrThrow();
                    float[] p = logits.softmax(1).toFloatArray();
                    int k = labels.size();
                    for (int i = 0; i < b.size(); i++) {
                        probabilities[n] = Arrays.copyOfRange(p, i * k, (i + 1) * k);
                        truth[n] = b.labels()[i];
                        lossSum -= Math.log(Math.max(1e-12, probabilities[n][truth[n]]));
                        n++;
                    }
                }
            }
            float[][] scored = Arrays.copyOf(probabilities, n);
            double[][] wide = new double[n][];
            for (int i = 0; i < n; i++) {
                wide[i] = new double[scored[i].length];
                for (int c = 0; c < wide[i].length; c++) {
                    wide[i][c] = scored[i][c];
                }
            }
            return new Validation(ValidationMetrics.of(labels, scored, Arrays.copyOf(truth, n),
                    n == 0 ? Double.NaN : lossSum / n), wide, Arrays.copyOf(truth, n));
        }
    }

    /** The validation metrics and the probabilities and true classes they were computed from. */
    private record Validation(ValidationMetrics metrics, double[][] probabilities, int[] truth) {}

    /** Skips batches too small for training-mode BatchNorm. */
    private static final class FilteringIterator implements Iterator<BatchPipeline.Batch> {
        private final Iterator<BatchPipeline.Batch> source;
        private BatchPipeline.Batch next;

        FilteringIterator(Iterator<BatchPipeline.Batch> source) {
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            while (next == null && source.hasNext()) {
                BatchPipeline.Batch b = source.next();
                next = b.size() >= 2 ? b : null;
            }
            return next != null;
        }

        @Override
        public BatchPipeline.Batch next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            BatchPipeline.Batch b = next;
            next = null;
            return b;
        }
    }

    private static Duration seconds(double s) {
        return Double.isFinite(s) ? Duration.ofMillis(Math.round(s * 1000)) : Duration.ZERO;
    }

    /** Macro AUC when defined (two or more classes present); otherwise lower validation loss is better. */
    private static double score(ValidationMetrics m) {
        return Double.isNaN(m.macroAuc()) ? -m.loss() : m.macroAuc();
    }

    private Optimizer optimizer(WarmupCosineSchedule schedule) {
        return switch (config.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(config.weightDecay())
                    .build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(config.weightDecay())
                    .build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(schedule).optMomentum(config.momentum())
                    .optWeightDecays(config.weightDecay()).build();
        };
    }

    private WeightedCrossEntropyLoss lossFor(int[] counts) {
        float[] weights = new float[counts.length];
        Arrays.fill(weights, 1f);
        if (config.classBalancing() == ClassBalancing.CLASS_WEIGHTS) {
            weights = WeightedCrossEntropyLoss.balancedWeights(counts);
        }
        return new WeightedCrossEntropyLoss(weights);
    }

    private void checkData(XrayDataset train, XrayDataset validation) {
        if (!train.labels().equals(validation.labels())) {
            throw new IllegalArgumentException("training labels " + train.labels() + " (" + train.root()
                    + ") differ from validation labels " + validation.labels() + " (" + validation.root() + ")");
        }
        if (train.labels().size() < 2) {
            throw new IllegalArgumentException(train.root() + ": need at least 2 classes, found " + train.labels());
        }
        if (train.size() == 0 || validation.size() == 0) {
            throw new IllegalArgumentException("no images: " + train.size() + " for training (" + train.root()
                    + "), " + validation.size() + " for validation (" + validation.root() + ")");
        }
        String flagged = config.operatingPointLabel();
        if (flagged != null && validation.counts().getOrDefault(flagged, 0) == 0) {
            throw new IllegalArgumentException("operating point for '" + flagged + "': the validation set ("
                    + validation.root() + ") has no such images; classes " + validation.counts());
        }
        train.counts().forEach((label, n) -> {
            if (n == 0) {
                LOG.warn("{}: class '{}' has no training images", train.root(), label);
            }
        });
    }

    private static List<BatchPipeline.Sample> samples(XrayDataset dataset, List<String> labels) {
        List<BatchPipeline.Sample> list = new ArrayList<>(dataset.size());
        for (XrayRecord r : dataset.records()) {
            list.add(new BatchPipeline.Sample(r.file(), labels.indexOf(r.label())));
        }
        return list;
    }

    private Map<String, Object> fingerprint(List<String> labels, int headEpochs, int trainImages) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("architecture", config.architecture());
        f.put("labels", labels);
        f.put("preprocessing", ModelBundle.json().convertValue(config.preprocessing(),
                new TypeReference<Map<String, Object>>() {}));
        f.put("seed", config.seed());
        f.put("batch_size", config.batchSize());
        f.put("head_epochs", headEpochs);
        f.put("class_balancing", config.classBalancing().name());
        f.put("pretrained_weights", config.toMap().get("pretrained_weights"));
        f.put("train_images", trainImages);
        return f;
    }

    private ModelCard card(List<String> labels, XrayDataset train, XrayDataset validation, int headEpochs,
            CheckpointStore.State state, ValidationMetrics metrics, BatchPipeline pipeline, Instant start) {
        Engine engine = Engine.getEngine(config.engine());
        Map<String, Object> training = new LinkedHashMap<>(config.toMap());
        // Record what ran, not what was configured: without pretrained weights the head phase is skipped.
        training.put("head_epochs", headEpochs);
        if (headEpochs == 0) {
            training.remove("head_learning_rate");
        }
        training.put("epochs_run", state.completedEpochs());
        training.put("best_epoch", state.bestEpoch());
        training.put("stopped_early", state.stopped());
        training.put("seconds_this_session", Duration.between(start, Instant.now()).toMillis() / 1000.0);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("train", describe(train));
        data.put("validation", describe(validation));
        data.put("unreadable_images", pipeline.unreadable().size());
        Map<String, Object> software = new LinkedHashMap<>();
        software.put("djl", Engine.getDjlVersion());
        software.put("engine", engine.getEngineName() + " " + engine.getVersion());
        software.put("java", System.getProperty("java.version"));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("created", Instant.now().toString());
        provenance.put("software", software);
        provenance.put("training", training);
        provenance.put("data", data);
        provenance.put("validation", metrics.toMap());
        provenance.put("history", state.history());
        return ModelCard.builder()
                .setName(config.modelName())
                .setArchitecture(config.architecture())
                .setLabels(labels)
                .setPreprocessing(config.preprocessing())
                .setWeights(ModelFormat.DJL, config.modelName() + "-0000.params")
                .optOutput(OutputKind.LOGITS)
                .optProvenance(provenance)
                .build();
    }

    private static Map<String, Object> describe(XrayDataset dataset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", dataset.root().toString());
        m.put("images", dataset.size());
        m.put("counts", dataset.counts());
        long patients = dataset.records().stream().map(XrayRecord::patientId).filter(p -> p != null).distinct().count();
        if (patients > 0) {
            m.put("patients", patients);
        }
        return m;
    }
}
