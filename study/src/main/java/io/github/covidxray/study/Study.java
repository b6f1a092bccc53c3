package io.github.covidxray.study;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.core.eval.Evaluator;
import io.github.covidxray.core.eval.PairedComparison;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.dataset.FeatureTable;
import io.github.covidxray.histogram.plot.HistogramCharts;
import io.github.covidxray.histogram.report.HistogramReport;
import io.github.covidxray.histogram.report.JsonReport;
import io.github.covidxray.plots.EvaluationPlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The study this SDK re-creates, in one call: a summary of the dataset (classes, sources, splits, patients in
 * both splits), the histogram analysis and shortcut audit of the training split, an intensity-only baseline,
 * each arm ({@link StudyArm}: MobileNetV2 and DenseNet-121, with and without augmentation) trained with the
 * same seed, schedule and input size and evaluated on the validation split with bootstrap intervals by
 * patient, and every pair of arms compared with a paired bootstrap. Writes {@code study.json} (every number),
 * {@code REPORT.md} (rendered from {@code study.json} alone) and PNG figures into the output folder.
 *
 * <pre>{@code
 * StudyResult r = Study.run(StudyConfig.builder().setData(Path.of("cxr")).optManifest(Path.of("cxr/manifest.csv"))
 *         .setOutput(Path.of("study")).build(), ProgressListener.NONE);
 * }</pre>
 *
 * <p>Resumable: an arm finished in an earlier run into the same folder is read back, not retrained, and an arm
 * interrupted in training resumes from its last checkpoint. Needs the PyTorch engine (training). Research use
 * only: the report describes models on one dataset, not clinical performance.
 */
public final class Study {

    /** The machine-readable results. */
    public static final String STUDY_JSON = "study.json";
    /** The report. */
    public static final String REPORT_MD = "REPORT.md";

    private static final Logger LOG = LoggerFactory.getLogger(Study.class);
    private static final String BASELINE = "intensity baseline";
    /** The credits file expected beside the example images (the repository's samples/ has one). */
    private static final String EXAMPLES_ATTRIBUTION = "ATTRIBUTION.md";
    private static final Pattern LICENCE = Pattern.compile("CC[ -]BY(?:[ -]SA)?[ -]\\d\\.\\d");

    private Study() {}

    /**
     * Runs (or resumes) the study.
     *
     * @param config what to run
     * @param progress told about progress in epochs, with the estimated time to finish in the message
     * @return where the report is and the study's JSON tree
     * @throws DatasetException if the dataset cannot be read or lacks a split or class
     * @throws IOException if the output cannot be written or an arm's validation images cannot be read
     * @throws ModelException if a trained arm cannot be loaded for evaluation (no PyTorch engine)
     * @throws TranslateException if the engine fails while evaluating
     * @throws InterruptedException if interrupted during the histogram analysis
     */
    public static StudyResult run(StudyConfig config, ProgressListener progress)
            throws IOException, ModelException, TranslateException, InterruptedException {
        Objects.requireNonNull(progress, "progress");
        Instant started = Instant.now();
        Files.createDirectories(config.output());
        StudyData data = StudyData.load(config);
        EvaluationOptions evaluation = EvaluationOptions.builder().optBootstrapResamples(config.bootstrapResamples())
                .optSeed(config.seed()).build();
        LOG.info("study: {} training and {} validation images, classes {}, arms {}", data.train().size(),
                data.validation().size(), data.labels(), config.arms().stream().map(StudyArm::name).toList());

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", "COVID-19 chest X-ray study: MobileNetV2 vs DenseNet-121, with and without augmentation");
        root.put("quick", config.quick());
        root.put("command", config.command());
        root.put("settings", settings(config));
        root.put("dataset", data.summary());

        Map<String, Object> histogram = new LinkedHashMap<>();
        Baseline baseline = histogramAndBaseline(config, data, evaluation, histogram);
        root.put("histogram", histogram);
        root.put("baseline", baseline.json());

        StudyProgress tracker = new StudyProgress(config.arms(), config.epochs(), progress);
        ArmRunner runner = new ArmRunner(config, data, evaluation);
        ArmTrust trust = new ArmTrust(config, data, evaluation);
        List<ArmRunner.ArmOutcome> outcomes = new ArrayList<>();
        List<Map<String, Object>> armsJson = new ArrayList<>();
        for (int i = 0; i < config.arms().size(); i++) {
            tracker.startArm(i);
            ArmRunner.ArmOutcome outcome = runner.run(config.arms().get(i), tracker);
            requireSameImages(outcome, data);
            outcomes.add(outcome);
            Map<String, Object> json = new LinkedHashMap<>(outcome.json());
            json.put("reused_from_earlier_run", outcome.reused());
            json.put("trust", trust.run(outcome.arm(), ArmRunner.folder(config, outcome.arm())));
            armsJson.add(json);
        }
        root.put("arms", armsJson);
        root.put("comparisons", comparisons(data, outcomes, baseline, evaluation));

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("finished", Instant.now().toString());
        run.put("seconds_this_run", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        double trainingSeconds = 0;
        for (ArmRunner.ArmOutcome o : outcomes) {
            trainingSeconds += StudyReport.number(StudyReport.path(o.json(), "training", "seconds"));
        }
        run.put("training_seconds_all_arms", trainingSeconds);
        run.put("java", System.getProperty("java.version"));
        run.put("processors", Runtime.getRuntime().availableProcessors());
        root.put("run", run);

        StudyJson.write(config.output().resolve(STUDY_JSON), root);
        Path report = config.output().resolve(REPORT_MD);
        Files.writeString(report, StudyReport.render(root), StandardCharsets.UTF_8);
        progress.progress(tracker.totalEpochs(), tracker.totalEpochs(), "study written: " + report);
        LOG.info("study written: {} ({} s this run)", report, run.get("seconds_this_run"));
        return new StudyResult(report, config.output().resolve(STUDY_JSON), root);
    }

    private static Map<String, Object> settings(StudyConfig c) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_size", c.imageSize());
        m.put("channels", c.channels());
        m.put("pretrained_weights", "none (trained from scratch: no pretrained weights reach this project)");
        m.put("max_epochs", c.epochs());
        m.put("early_stopping_patience", c.patience());
        m.put("batch_size", c.batchSize());
        m.put("learning_rate", c.learningRate());
        m.put("optimizer", "AdamW, weight decay 1e-4, linear warm-up then cosine");
        m.put("class_balancing", "class weights");
        m.put("selection", "best validation macro ROC-AUC");
        m.put("seed", c.seed());
        m.put("bootstrap_resamples", c.bootstrapResamples());
        m.put("max_steps_per_epoch", c.maxStepsPerEpoch());
        m.put("max_images_per_class", c.maxImagesPerClass());
        m.put("trust", trustSettings(c));
        return m;
    }

    /** What the trust steps ({@link ArmTrust}) use, and where the example images come from and who made them. */
    private static Map<String, Object> trustSettings(StudyConfig c) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", "ONNX with class activation maps and pooled features as extra outputs, run on ONNX Runtime");
        m.put("ood_flagged_share_target", 0.01);
        m.put("explained_per_class", c.explainPerClass());
        m.put("ood_generated_per_kind", c.oodPerKind());
        m.put("examples", c.examples().stream().map(p -> p.getFileName().toString()).toList());
        Path attribution = c.examples().isEmpty() ? null
                : c.examples().get(0).toAbsolutePath().resolveSibling(EXAMPLES_ATTRIBUTION);
        if (attribution != null && Files.isRegularFile(attribution)) {
            m.put("examples_attribution", c.output().toAbsolutePath().normalize()
                    .relativize(attribution.normalize()).toString().replace('\\', '/'));
            Matcher licence = LICENCE.matcher(Files.readString(attribution, StandardCharsets.UTF_8));
            m.put("examples_licence", licence.find() ? licence.group() : null);
        }
        return m;
    }

    /** The intensity-only baseline's validation probabilities and its JSON. */
    private record Baseline(double[][] probabilities, Map<String, Object> json) {}

    /**
     * Histogram analysis of the training split (figures, class comparisons, shortcut audit by cross-validation),
     * then the audit's logistic regression fitted on all training features and scored on validation: an
     * intensity-only baseline on the same images as the arms.
     */
    private static Baseline histogramAndBaseline(StudyConfig config, StudyData data, EvaluationOptions evaluation,
            Map<String, Object> out) throws IOException, InterruptedException {
        DatasetHistogramAnalyzer analyzer = DatasetHistogramAnalyzer.builder().build();
        DatasetAnalysis train = analyzer.analyze(data.train(), data.labels(), ProgressListener.NONE);
        DatasetAnalysis val = analyzer.analyze(data.validation(), data.labels(), ProgressListener.NONE);
        ShortcutAudit audit = ShortcutAudit.builder().optSeed(config.seed()).build();
        HistogramReport report = HistogramReport.of("train", train, audit);
        Path figures = config.output().resolve("figures");
        Files.createDirectories(figures);
        // Aggregate figures only: the sample grid shows dataset images, which a committed report must not carry.
        HistogramCharts.writeMeanHistograms(train, figures.resolve("mean_histograms.png"));
        HistogramCharts.writeBoxPlots(train, figures.resolve("statistics_boxplots.png"));
        Map<String, Object> json = JsonReport.toMap(report);
        json.remove("skipped"); // file paths
        json.put("dataset", "train split");
        out.putAll(json);
        out.put("figures", Map.of("mean_histograms", "figures/mean_histograms.png",
                "statistics_boxplots", "figures/statistics_boxplots.png"));

        double[][] probs = alignTo(data.validation().records(), val,
                audit.fitAndScore(train.features(), val.features(), data.labels()));
        int[] truth = trueIndex(data.validation().records(), data.labels());
        EvaluationReport baseline = Evaluator.evaluate(data.labels(), truth, probs,
                patients(data.validation().records()), evaluation);
        Path dir = figures.resolve("baseline");
        EvaluationPlots.write(baseline, "intensity-only baseline, validation", dir);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", BASELINE);
        b.put("what", "L2 logistic regression, one-vs-rest, on 304 intensity features per image (16 statistics, a "
                + "32-bin histogram, a 16x16 thumbnail), fitted on the training split, scored on validation");
        b.put("validation", baseline.toJsonMap());
        return new Baseline(probs, b);
    }

    /** The audit's rows follow the analysis' image order; put them in the validation records' order. */
    private static double[][] alignTo(List<XrayRecord> records, DatasetAnalysis analysis, double[][] scores)
            throws IOException {
        FeatureTable table = analysis.features();
        Map<Path, Integer> row = new HashMap<>();
        for (int i = 0; i < analysis.images().size(); i++) {
            row.put(analysis.images().get(i).file(), i);
        }
        if (table.size() != records.size() || row.size() != records.size()) {
            throw new IOException("the histogram analysis read " + row.size() + " of " + records.size()
                    + " validation images; every validation image must be readable");
        }
        double[][] aligned = new double[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            Integer r = row.get(records.get(i).file());
            if (r == null) {
                throw new IOException(records.get(i).file() + ": not in the histogram analysis");
            }
            aligned[i] = scores[r];
        }
        return aligned;
    }

    private static int[] trueIndex(List<XrayRecord> records, List<String> labels) {
        return records.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
    }

    private static String[] patients(List<XrayRecord> records) {
        return records.stream().map(XrayRecord::patientId).toArray(String[]::new);
    }

    /** Every arm must have scored exactly the validation records, in order, for the pairing to mean anything. */
    private static void requireSameImages(ArmRunner.ArmOutcome outcome, StudyData data) throws IOException {
        List<XrayRecord> records = data.validation().records();
        List<String> files = outcome.scores().files();
        boolean same = files.size() == records.size();
        for (int i = 0; same && i < files.size(); i++) {
            same = files.get(i).equals(records.get(i).file().getFileName().toString());
        }
        if (!same) {
            throw new IOException(outcome.arm().name() + ": its stored validation scores are for other images than "
                    + "this run's validation split (different data or settings?); delete arms/" + outcome.arm().name()
                    + " in the output folder to retrain it");
        }
    }

    private static List<Map<String, Object>> comparisons(StudyData data, List<ArmRunner.ArmOutcome> arms,
            Baseline baseline, EvaluationOptions evaluation) {
        List<String> labels = data.labels();
        int[] truth = trueIndex(data.validation().records(), labels);
        String[] patients = patients(data.validation().records());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            for (int j = i + 1; j < arms.size(); j++) {
                PairedComparison c = PairedComparison.of(labels, truth, arms.get(i).scores().probabilities(),
                        arms.get(j).scores().probabilities(), patients, evaluation);
                out.add(comparisonJson(arms.get(j).arm().name(), arms.get(i).arm().name(), c));
            }
        }
        for (ArmRunner.ArmOutcome arm : arms) {
            PairedComparison c = PairedComparison.of(labels, truth, baseline.probabilities(),
                    arm.scores().probabilities(), patients, evaluation);
            out.add(comparisonJson(arm.arm().name(), BASELINE, c));
        }
        return out;
    }

    private static Map<String, Object> comparisonJson(String b, String a, PairedComparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", b);
        m.put("versus", a);
        m.putAll(c.toJsonMap());
        m.put("difference_shown", c.anyDifferenceShown());
        return m;
    }
}
