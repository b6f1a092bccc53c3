package io.github.covidxray.cli;

import io.github.covidxray.augment.Augmenter;
import io.github.covidxray.plots.TrainingCurvesPlot;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.PatientSplit;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.training.Augmentation;
import io.github.covidxray.training.ClassBalancing;
import io.github.covidxray.training.ClassifierTrainer;
import io.github.covidxray.training.EpochResult;
import io.github.covidxray.training.OptimizerKind;
import io.github.covidxray.training.StepProgress;
import io.github.covidxray.training.TrainingConfig;
import io.github.covidxray.training.TrainingPlan;
import io.github.covidxray.training.TrainingProgressListener;
import io.github.covidxray.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray train}: trains MobileNetV2 or DenseNet-121 on a labelled dataset, selects the best epoch
 * on validation macro ROC-AUC, stores an operating point chosen on validation and writes a model bundle.
 */
@Command(name = "train", description = {
    "Train a classifier (transfer learning when --pretrained is given, from scratch otherwise).",
    "Data: --data DIR with train/ and val/ class folders, or --manifest CSV with train and val splits.",
    "The best epoch is chosen on validation macro ROC-AUC; the COVID threshold is chosen on validation too."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Dataset root: train/ and val/ folders with one subfolder per class (or the manifest's root).")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", description = "Manifest with split,label,file[,patient_id]; uses splits train and val.")
    Path manifest;

    @Option(names = "--arch", defaultValue = "mobilenetv2",
            description = "mobilenetv2, mobilenetv2-<width> (e.g. mobilenetv2-0.5) or densenet121 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--size", defaultValue = "224", description = "Input size in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "Input channels, 1 or 3 (default: ${DEFAULT-VALUE}; 3 for ImageNet weights).")
    int channels;

    @Option(names = "--lung-focus", defaultValue = "none", paramLabel = "none|crop|blank",
            description = {"Restrict the model to the lungs found by the bundled lung segmenter, on every image before "
                + "augmentation: crop to their bounding box (widened to a square) or blank everything outside them "
                + "with the image's mean. Stored in the bundle, so classify/evaluate/explain do the same "
                + "(default: ${DEFAULT-VALUE})."})
    String lungFocus;

    @Option(names = "--lung-margin", paramLabel = "F",
            description = "Margin around the lungs for --lung-focus, a fraction of the larger side of their bounding "
                + "box (default: 0.05).")
    Double lungMargin;

    @Option(names = "--epochs", defaultValue = "15", description = "Fine-tuning epochs, at most (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--head-epochs", defaultValue = "3", description = "Frozen-backbone epochs, with --pretrained only (default: ${DEFAULT-VALUE}).")
    int headEpochs;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Peak learning rate of fine-tuning (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--head-lr", defaultValue = "1e-3", description = "Peak learning rate of the head phase (default: ${DEFAULT-VALUE}).")
    float headLr;

    @Option(names = "--optimizer", defaultValue = "ADAMW", description = "ADAMW, ADAM or SGD (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--balancing", defaultValue = "CLASS_WEIGHTS",
            description = "Class imbalance: NONE, CLASS_WEIGHTS or BALANCED_SAMPLING (default: ${DEFAULT-VALUE}).")
    ClassBalancing balancing;

    @Option(names = "--augment", defaultValue = "conservative",
            description = "Augmentation preset: none, conservative or aggressive (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--patience", defaultValue = "5", description = "Early-stopping patience in epochs; 0 = never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--pretrained", paramLabel = "FILE", description = "torchvision state_dict (.npz or .safetensors) for the backbone.")
    Path pretrained;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, shuffling, augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "2", description = "Background threads for decoding and augmentation (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--target-sensitivity", defaultValue = "0.95",
            description = "Sensitivity the stored COVID threshold must reach on validation (default: ${DEFAULT-VALUE}).")
    double targetSensitivity;

    @Option(names = "--positive", defaultValue = "covid", description = "Class the operating point flags (default: ${DEFAULT-VALUE}).")
    String positive;

    @Option(names = "--name", description = "Model name for the card (default: <arch>-<size>).")
    String name;

    @Option(names = "--resume", description = "Continue from the checkpoint in OUT/checkpoints.")
    boolean resume;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on steps per epoch, for smoke runs (default: no cap).")
    int maxSteps;

    @Option(names = "--out", paramLabel = "BUNDLE", required = true, description = "Folder to write the model bundle to.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        XrayDataset[] sets = datasets(err);
        XrayDataset train = sets[0];
        XrayDataset val = sets[1];
        PreprocessingSpec preprocessing = PreprocessingSpec.builder().setSize(size).optChannels(channels)
                .optLungFocus(parseLungFocus(), lungMargin == null ? PreprocessingSpec.DEFAULT_LUNG_MARGIN : lungMargin)
                .build();
        Augmenter augmenter = augmenter();
        TrainingConfig.Builder config = TrainingConfig.builder()
                .optArchitecture(arch)
                .optPreprocessing(preprocessing)
                .optBatchSize(batch)
                .optEpochs(headEpochs, epochs)
                .optLearningRates(headLr, lr)
                .optOptimizer(optimizer)
                .optWeightDecay(weightDecay)
                .optClassBalancing(balancing)
                .optEarlyStopping(patience, 1e-4)
                .optSeed(seed)
                .optWorkers(workers)
                .optResume(resume)
                .optMaxStepsPerEpoch(maxSteps)
                .optModelName(name != null ? name : arch + "-" + size);
        if (augmenter != null) {
            config.optAugmentation(augmenter::apply, "preset " + augment);
        }
        if (pretrained != null) {
            config.optPretrainedWeights(pretrained);
        }
        if (train.labels().contains(positive)) {
            config.optOperatingPoint(positive, targetSensitivity);
        } else {
            err.println("no class '" + positive + "': no operating point stored");
        }
        ClassifierTrainer trainer = new ClassifierTrainer(config.build());
        CliTrainingListener listener = new CliTrainingListener(err);
        trainer.addListener(listener);
        TrainingResult result = trainer.train(train, val, out);
        listener.close();

        ModelBundle bundle = result.bundle();
        Path curves = out.resolve("training_curves.png");
        TrainingCurvesPlot.write(listener.losses, null, listener.aucs, curves);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bundle", out.toString());
        summary.put("best_epoch", result.bestEpoch());
        summary.put("stopped_early", result.stoppedEarly());
        summary.put("seconds", result.duration().toMillis() / 1000.0);
        summary.put("validation", result.validation().toMap());
        if (bundle.card().operatingPoint() != null) {
            summary.put("operating_point", bundle.card().operatingPoint());
        }
        if (common.json()) {
            CommonOptions.printJson(stdout, summary);
        } else {
            stdout.printf(Locale.ROOT, "wrote %s (best epoch %d, validation macro AUC %.4f, %.0f s); curves: %s%n", out,
                    result.bestEpoch(), result.validation().macroAuc(), result.duration().toMillis() / 1000.0, curves);
            OperatingPoint op = bundle.card().operatingPoint();
            if (op != null) {
                stdout.printf(Locale.ROOT, "operating point: flag %s when P >= %.4f (validation sensitivity %.3f, specificity %.3f)%n",
                        op.label(), op.threshold(), op.sensitivity(), op.specificity());
            }
        }
        return 0;
    }

    private XrayDataset[] datasets(PrintWriter err) throws Exception {
        if (manifest != null) {
            return new XrayDataset[] {DatasetReader.manifest(manifest, data, "train"), DatasetReader.manifest(manifest, data, "val")};
        }
        if (Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("val"))) {
            return new XrayDataset[] {DatasetReader.folderPerClass(data.resolve("train")), DatasetReader.folderPerClass(data.resolve("val"))};
        }
        // A single folder per class: hold out 15% of patients (or images, without ids) for validation.
        XrayDataset all = DatasetReader.folderPerClass(data);
        PatientSplit.Result split = PatientSplit.split(all.records(), 0.15, 0, seed);
        err.println("no train/ and val/ folders: holding out " + split.validation().size() + " images for validation");
        return new XrayDataset[] {
            new XrayDataset(all.root(), all.labels(), split.train(), all.problems()),
            new XrayDataset(all.root(), all.labels(), split.validation(), List.of())};
    }

    private Augmenter augmenter() {
        if (augment.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Augmenter.preset(augment);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--augment: " + e.getMessage()
                    + " (or none)");
        }
    }

    /** Draws the step progress bar and prints one line per epoch. */
    private static final class CliTrainingListener implements TrainingProgressListener, AutoCloseable {
        private final PrintWriter err;
        private ProgressBar bar;
        private int barEpoch = -1;
        final List<Double> losses = new ArrayList<>();
        final List<Double> aucs = new ArrayList<>();

        CliTrainingListener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onStart(TrainingPlan plan) {
            err.println("training on " + plan.trainCounts() + ", validating on " + plan.validationCounts()
                    + ", " + plan.plannedEpochs() + " epoch(s) planned");
        }

        @Override
        public void onStep(StepProgress p) {
            if (p.epoch() != barEpoch) {
                close();
                bar = new ProgressBar(err, String.format(Locale.ROOT, "epoch %d/%d", p.epoch(), p.plannedEpochs()));
                barEpoch = p.epoch();
            }
            bar.progress(p.step(), p.stepsInEpoch(), String.format(Locale.ROOT, "loss %.4f acc %.3f lr %.2e, run ETA %s",
                    p.loss(), p.accuracy(), p.learningRate(), ProgressBar.format(p.runEta().toMillis() / 1000.0)));
        }

        @Override
        public void onEpoch(EpochResult r) {
            close();
            losses.add(r.trainLoss());
            aucs.add(r.validation().macroAuc());
            err.printf(Locale.ROOT, "epoch %d (%s): train loss %.4f acc %.3f | val loss %.4f acc %.3f macro AUC %.4f %s| %.0f s%n",
                    r.epoch(), r.phase().name().toLowerCase(Locale.ROOT), r.trainLoss(), r.trainAccuracy(),
                    r.validation().loss(), r.validation().accuracy(), r.validation().macroAuc(), r.best() ? "(best) " : "",
                    r.duration().toMillis() / 1000.0);
            err.flush();
        }

        @Override
        public void onEarlyStop(int epoch, String reason) {
            close();
            err.println("early stop after epoch " + epoch + ": " + reason);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    private PreprocessingSpec.LungFocus parseLungFocus() {
        try {
            PreprocessingSpec.LungFocus focus = PreprocessingSpec.LungFocus.valueOf(lungFocus.toUpperCase(Locale.ROOT));
            if (lungMargin != null && focus == PreprocessingSpec.LungFocus.NONE) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lung-margin needs --lung-focus");
            }
            return focus;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lung-focus: expected none, crop or"
                    + " blank, got '" + lungFocus + "'");
        }
    }
}
