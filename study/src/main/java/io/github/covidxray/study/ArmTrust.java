package io.github.covidxray.study;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.ControlComparison;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.core.explain.ExplanationAudit;
import io.github.covidxray.core.explain.ExplanationOverlay;
import io.github.covidxray.core.explain.ImageRegion;
import io.github.covidxray.core.explain.ShortcutControl;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.trust.BundleCalibrator;
import io.github.covidxray.core.trust.OodCheck;
import io.github.covidxray.core.trust.OodTestSet;
import io.github.covidxray.export.OnnxBundleExporter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust steps of one trained arm, the way the default model was made trustworthy (its model card): export
 * to ONNX with the class activation maps and pooled features as extra outputs; fit the softmax temperature on
 * validation and the out-of-distribution gate on the training features (threshold flagging about 1% of
 * validation); then measure the gate on generated and transformed inputs ({@link OodCheck}), the shortcut
 * controls ({@link ShortcutControl}), the class activation maps on a fixed validation subset
 * ({@link ExplanationAudit}) and draw overlays of the study's example images. Each step keeps its result in
 * {@code arms/<arm>/trust/<step>.json}; a later run reads a finished step back instead of redoing it. The
 * ONNX bundle lives in {@code trust/bundle/} (weights: not for committing); the overlays in
 * {@code explanations/}.
 */
final class ArmTrust {

    static final String FOLDER = "trust";
    static final String EXPLANATIONS = "explanations";

    private static final Logger LOG = LoggerFactory.getLogger(ArmTrust.class);
    /** The OOD test set's seed: the same inputs for every arm and run. */
    private static final long OOD_SEED = 12;

    private final StudyConfig config;
    private final StudyData data;
    private final EvaluationOptions evaluation;

    ArmTrust(StudyConfig config, StudyData data, EvaluationOptions evaluation) {
        this.config = config;
        this.data = data;
        this.evaluation = evaluation;
    }

    /**
     * Runs the steps not finished yet and returns all their results.
     *
     * @param arm the arm
     * @param armDir its folder, holding the trained DJL bundle in {@code bundle/}
     * @return the trust results as JSON-ready maps: {@code calibration}, {@code ood}, {@code controls},
     *     {@code saliency}, {@code examples}, each with its {@code seconds}, the load average then and whether
     *     it was {@code reused} from an earlier run
     */
    Map<String, Object> run(StudyArm arm, Path armDir) throws IOException, ModelException, TranslateException {
        Path dir = armDir.resolve(FOLDER);
        Files.createDirectories(dir);
        Path onnx = dir.resolve("bundle");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calibration", step(arm, dir, "calibration", () -> calibrate(armDir.resolve("bundle"), onnx)));
        // The remaining steps only read the calibrated ONNX bundle; open it lazily so finished runs load nothing.
        LazyClassifier classifier = new LazyClassifier(onnx, config.batchSize());
        try {
            out.put("ood", step(arm, dir, "ood", () -> ood(classifier.get())));
            out.put("controls", step(arm, dir, "controls", () -> controls(classifier.get())));
            out.put("saliency", step(arm, dir, "saliency", () -> saliency(classifier.get())));
            out.put("examples", step(arm, dir, "examples", () -> examples(classifier.get(), armDir)));
        } finally {
            classifier.close();
        }
        return out;
    }

    /** One step's work. */
    private interface Step {
        Map<String, Object> run() throws IOException, ModelException, TranslateException;
    }

    private Map<String, Object> step(StudyArm arm, Path dir, String name, Step step)
            throws IOException, ModelException, TranslateException {
        Path file = dir.resolve(name + ".json");
        if (Files.isRegularFile(file)) {
            Map<String, Object> done = new LinkedHashMap<>(StudyJson.read(file, new TypeReference<>() { }));
            done.put("reused", true);
            return done;
        }
        LOG.info("arm {}: trust step {}", arm.name(), name);
        long started = System.nanoTime();
        double loadBefore = loadAverage();
        Map<String, Object> result = new LinkedHashMap<>(step.run());
        result.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        result.put("load_average_before", loadBefore);
        result.put("load_average_after", loadAverage());
        StudyJson.write(file, result);
        LOG.info("arm {}: trust step {} took {} s", arm.name(), name, result.get("seconds"));
        result.put("reused", false);
        return result;
    }

    /** The one-minute system load average, rounded; null where the platform does not report one. */
    private static Double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? null : Math.round(load * 100) / 100.0;
    }

    private Map<String, Object> calibrate(Path djlBundle, Path onnx) throws IOException, ModelException,
            TranslateException {
        if (!Files.isRegularFile(djlBundle.resolve(ModelBundle.MODEL_JSON))) {
            throw new IOException(djlBundle + ": the arm's trained bundle is missing, so its trust steps cannot run;"
                    + " delete the arm's folder to retrain it");
        }
        deleteTree(onnx); // a half-written export from an interrupted run
        long started = System.nanoTime();
        OnnxBundleExporter.Result exported = OnnxBundleExporter.builder().build()
                .export(ModelBundle.load(djlBundle), onnx);
        double exportSeconds = (System.nanoTime() - started) / 1e9;
        BundleCalibrator.Result r = BundleCalibrator.builder().optBatchSize(config.batchSize()).build()
                .calibrate(exported.bundle(), data.train().records(), data.validation().records(), ProgressListener.NONE);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outputs", exported.bundle().card().outputList().stream().map(o -> o.jsonName()).toList());
        m.put("export_seconds", Math.round(exportSeconds * 100) / 100.0);
        m.put("temperature", r.temperature());
        m.put("ece_before", r.eceBefore());
        m.put("ece_after", r.eceAfter());
        m.put("nll_before", r.nllBefore());
        m.put("nll_after", r.nllAfter());
        m.put("ood_threshold", r.oodThreshold());
        m.put("val_flagged_share", r.valFlaggedShare());
        m.put("train_flagged_share", r.trainFlaggedShare());
        m.put("train_images", r.trainImages());
        m.put("val_images", r.valImages());
        m.put("skipped", r.skipped());
        return m;
    }

    /**
     * The generated kinds and the validation X-rays transformed in memory; not the pictures and DICOMs
     * {@code ood-check} also reads from Debian packages, whose presence depends on the machine.
     */
    private Map<String, Object> ood(CovidClassifier classifier) throws IOException, TranslateException {
        List<XrayImage> real = new ArrayList<>();
        for (XrayRecord r : data.validation().records()) {
            real.add(read(r.file(), classifier));
        }
        List<OodTestSet.Kind> kinds = new ArrayList<>(OodTestSet.generated(config.oodPerKind(), OOD_SEED));
        kinds.addAll(OodTestSet.transformed(real));
        List<OodCheck.KindResult> results = OodCheck.run(classifier, real, "real validation X-rays", kinds,
                config.batchSize());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kinds", results.stream().map(OodCheck.KindResult::toJsonMap).toList());
        m.put("confident_probability", OodCheck.CONFIDENT);
        return m;
    }

    private Map<String, Object> controls(CovidClassifier classifier) throws IOException {
        ImageRegion field = ImageRegion.centralLungField();
        List<XrayRecord> val = data.validation().records();
        EvaluationReport unmasked = evaluate(DatasetScorer.score(classifier, val, ProgressListener.NONE));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ShortcutControl control : ShortcutControl.values()) {
            EvaluationReport masked = evaluate(DatasetScorer.score(control.applyTo(classifier, field), val,
                    ProgressListener.NONE));
            rows.add(new ControlComparison(control.cliName(), field.describe(), unmasked, masked).toJsonMap());
        }
        return Map.of("controls", rows);
    }

    private EvaluationReport evaluate(DatasetScorer.Scores scores) throws IOException {
        if (!scores.failures().isEmpty()) {
            throw new IOException(scores.failures().size() + " validation image(s) could not be scored, first: "
                    + scores.failures().get(0).problem());
        }
        return scores.evaluate(evaluation);
    }

    private Map<String, Object> saliency(CovidClassifier classifier) throws TranslateException {
        Map<String, Integer> taken = new HashMap<>();
        List<XrayRecord> subset = data.validation().records().stream()
                .filter(r -> taken.merge(r.label(), 1, Integer::sum) <= config.explainPerClass()).toList();
        ExplanationAudit.Result audit = ExplanationAudit.run(classifier, subset, ExplanationMethod.CAM,
                ImageRegion.centralLungField(), config.seed(), ProgressListener.NONE);
        Map<String, Object> m = new LinkedHashMap<>(audit.toJsonMap());
        m.put("per_class_limit", config.explainPerClass());
        return m;
    }

    /** CAM and occlusion overlays of the example images (never dataset images: {@link StudyConfig} refuses those). */
    private Map<String, Object> examples(CovidClassifier classifier, Path armDir) throws IOException,
            TranslateException {
        Path folder = armDir.resolve(EXPLANATIONS);
        Files.createDirectories(folder);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path file : config.examples()) {
            XrayImage image = read(file, classifier);
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            for (ExplanationMethod method : ExplanationMethod.values()) {
                Explanation e = classifier.explain(image, method);
                Path png = folder.resolve(stem + "." + method.jsonName() + ".png");
                Files.write(png, ExplanationOverlay.png(image, e));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", file.getFileName().toString());
                row.put("method", method.jsonName());
                row.put("label", e.prediction().label());
                row.put("probability", e.prediction().confidence());
                row.put("out_of_distribution", e.prediction().outOfDistribution());
                row.put("ood_score", e.prediction().oodScore());
                row.put("overlay", config.output().relativize(png).toString().replace('\\', '/'));
                rows.add(row);
            }
        }
        return Map.of("images", rows);
    }

    private static XrayImage read(Path file, CovidClassifier classifier) throws IOException {
        try {
            return XrayImage.read(file, classifier.readOptions());
        } catch (InvalidImageException e) {
            throw new IOException("trust step: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The calibrated ONNX bundle, loaded on first use. */
    private static final class LazyClassifier implements AutoCloseable {
        private final Path bundle;
        private final int batch;
        private CovidClassifier classifier;

        LazyClassifier(Path bundle, int batch) {
            this.bundle = bundle;
            this.batch = batch;
        }

        CovidClassifier get() throws IOException, ModelException {
            if (classifier == null) {
                classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle).optPoolSize(1)
                        .optMaxBatchSize(batch).build());
            }
            return classifier;
        }

        @Override
        public void close() {
            if (classifier != null) {
                try {
                    classifier.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", bundle, e.getMessage());
                }
            }
        }
    }
}
