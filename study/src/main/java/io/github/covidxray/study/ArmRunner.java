package io.github.covidxray.study;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.augment.Augmenter;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.plots.EvaluationPlots;
import io.github.covidxray.plots.TrainingCurvesPlot;
import io.github.covidxray.training.ClassBalancing;
import io.github.covidxray.training.ClassifierTrainer;
import io.github.covidxray.training.EpochResult;
import io.github.covidxray.training.OptimizerKind;
import io.github.covidxray.training.StepProgress;
import io.github.covidxray.training.TrainingConfig;
import io.github.covidxray.training.TrainingProgressListener;
import io.github.covidxray.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one arm, evaluates it on the validation split and keeps everything the report needs in the arm's
 * folder. {@code arm.json} is written last: its presence marks a finished arm, which a later run reads back
 * instead of retraining; a half-trained arm resumes from its checkpoints.
 */
final class ArmRunner {

    static final String ARM_JSON = "arm.json";
    static final String SCORES_JSON = "val_scores.json";
    static final String CURVES_PNG = "training_curves.png";

    private static final Logger LOG = LoggerFactory.getLogger(ArmRunner.class);

    private final StudyConfig config;
    private final StudyData data;
    private final EvaluationOptions evaluation;

    ArmRunner(StudyConfig config, StudyData data, EvaluationOptions evaluation) {
        this.config = config;
        this.data = data;
        this.evaluation = evaluation;
    }

    /** What the study keeps of a finished arm. */
    record ArmOutcome(StudyArm arm, Map<String, Object> json, ArmScores scores, boolean reused) {}

    /** The arm's validation probabilities, row i for validation record i (in {@link StudyData} order). */
    record ArmScores(List<String> files, int[] trueIndex, double[][] probabilities, String[] patients) {}

    static Path folder(StudyConfig config, StudyArm arm) {
        return config.output().resolve("arms").resolve(arm.name());
    }

    ArmOutcome run(StudyArm arm, EpochListener epochs) throws IOException, ModelException, TranslateException {
        Path dir = folder(config, arm);
        Path done = dir.resolve(ARM_JSON);
        if (Files.isRegularFile(done)) {
            LOG.info("arm {} finished in an earlier run: not retrained ({})", arm.name(), done);
            Map<String, Object> json = StudyJson.read(done, new TypeReference<>() { });
            ArmScores scores = StudyJson.read(dir.resolve(SCORES_JSON), new TypeReference<>() { });
            return new ArmOutcome(arm, json, scores, true);
        }
        Files.createDirectories(dir);
        Path bundle = dir.resolve("bundle");
        TrainingResult result = train(arm, bundle, epochs);
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAuc = new ArrayList<>();
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochResult e : result.epochs()) {
            trainLoss.add(e.trainLoss());
            valLoss.add(e.validation().loss());
            valAuc.add(e.validation().macroAuc());
            history.add(e.toMap());
        }
        TrainingCurvesPlot.write(trainLoss, valLoss, valAuc, dir.resolve(CURVES_PNG));

        DatasetScorer.Scores scores;
        try (CovidClassifier classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle)
                .optPoolSize(1).optMaxBatchSize(config.batchSize()).build())) {
            scores = DatasetScorer.score(classifier, data.validation().records(), ProgressListener.NONE);
        }
        if (!scores.failures().isEmpty()) {
            throw new IOException(arm.name() + ": " + scores.failures().size() + " validation image(s) could not be "
                    + "scored, first: " + scores.failures().get(0).file() + ": " + scores.failures().get(0).problem());
        }
        EvaluationReport report = scores.evaluate(evaluation);
        EvaluationPlots.write(report, arm.title() + ", validation", dir);

        ArmScores kept = new ArmScores(scores.records().stream().map(r -> r.file().getFileName().toString()).toList(),
                scores.trueIndex(), scores.probabilities(), scores.patientIds());
        StudyJson.write(dir.resolve(SCORES_JSON), kept);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", arm.name());
        json.put("title", arm.title());
        json.put("architecture", arm.architecture());
        json.put("augmentation", arm.augmentation());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs_run", result.epochs().size());
        training.put("best_epoch", result.bestEpoch());
        training.put("stopped_early", result.stoppedEarly());
        training.put("seconds", result.duration().toMillis() / 1000.0);
        training.put("seconds_per_epoch", result.epochs().isEmpty() ? null
                : result.duration().toMillis() / 1000.0 / result.epochs().size());
        training.put("history", history);
        json.put("training", training);
        json.put("validation", report.toJsonMap());
        json.put("figures", Map.of("roc", relative(dir.resolve(EvaluationPlots.ROC_FILE)),
                "confusion", relative(dir.resolve(EvaluationPlots.CONFUSION_FILE)),
                "training_curves", relative(dir.resolve(CURVES_PNG))));
        StudyJson.write(done, json);
        LOG.info("arm {} done: validation macro AUC {} in {} s", arm.name(),
                String.format(Locale.ROOT, "%.4f", report.macroAuc().value()), training.get("seconds"));
        return new ArmOutcome(arm, json, kept, false);
    }

    private String relative(Path file) {
        return config.output().relativize(file).toString().replace('\\', '/');
    }

    private TrainingResult train(StudyArm arm, Path bundle, EpochListener epochs) throws IOException {
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(config.imageSize())
                .optChannels(config.channels()).build();
        TrainingConfig.Builder b = TrainingConfig.builder()
                .optArchitecture(arm.architecture())
                .optPreprocessing(spec)
                .optBatchSize(config.batchSize())
                .optEpochs(0, config.epochs())
                .optLearningRates(config.learningRate(), config.learningRate())
                .optOptimizer(OptimizerKind.ADAMW)
                .optWeightDecay(1e-4f)
                .optClassBalancing(ClassBalancing.CLASS_WEIGHTS)
                .optEarlyStopping(config.patience(), 1e-4)
                .optSeed(config.seed())
                .optMaxStepsPerEpoch(config.maxStepsPerEpoch())
                .optResume(Files.isDirectory(bundle.resolve("checkpoints")))
                .optModelName("study-" + arm.name().replace('+', '-'));
        if (arm.augmented()) {
            b.optAugmentation(Augmenter.preset(arm.augmentation())::apply, "preset " + arm.augmentation());
        }
        ClassifierTrainer trainer = new ClassifierTrainer(b.build());
        trainer.addListener(new TrainingProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                epochs.onStep(arm, p);
            }

            @Override
            public void onEpoch(EpochResult r) {
                epochs.onEpoch(arm, r);
            }
        });
        return trainer.train(data.train(), data.validation(), bundle);
    }

    /** Told about each step and epoch of the arm in training. */
    interface EpochListener {
        void onStep(StudyArm arm, StepProgress progress);

        void onEpoch(StudyArm arm, EpochResult epoch);
    }
}
