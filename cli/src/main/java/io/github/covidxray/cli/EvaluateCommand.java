package io.github.covidxray.cli;

import io.github.covidxray.plots.EvaluationPlots;
import io.github.covidxray.plots.ReliabilityPlot;
import io.github.covidxray.core.eval.Calibration;
import io.github.covidxray.core.trust.TemperatureScaling;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.ControlComparison;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.core.eval.ThresholdChoice;
import io.github.covidxray.core.explain.ExplanationAudit;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.explain.ImageRegion;
import io.github.covidxray.core.explain.LungRegion;
import io.github.covidxray.core.explain.ShortcutControl;
import io.github.covidxray.core.model.OperatingPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covid-xray evaluate}: metrics with confidence intervals of a model on labelled images it never trained on. */
@Command(name = "evaluate", description = {
    "Evaluate a model on a labelled dataset: confusion matrix, per-class sensitivity/specificity/PPV/NPV/F1,",
    "one-vs-rest ROC-AUC, 95% bootstrap intervals (by patient when the manifest has patient ids), calibration,",
    "and the model's stored operating point. Use images the model never trained on.",
    "--control and --saliency check whether the model reads the lungs or shortcuts around them."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions model;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--out", paramLabel = "DIR", description = "Write roc.png, confusion.png and report.json here.")
    Path out;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "1000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--control", split = ",", paramLabel = "lungs-hidden|border-hidden",
            description = {"Shortcut control: score the data again with the lung region (lungs-hidden) or "
                + "everything around it (border-hidden) blanked with each image's mean, and show each class's AUC "
                + "next to the unmasked one. The region is set by --region."})
    List<String> controls = List.of();

    @Option(names = "--region", defaultValue = "box", paramLabel = "box|lungs",
            description = {"The lung region of --control and --saliency: box (default: a fixed box, columns and rows "
                + "15%-85% of the image, comparable with earlier reports and free) or lungs (each image's mask from "
                + "the bundled lung segmenter, one segmentation per image and use; a mask flagged as implausible "
                + "falls back to the box for that image, and the count is reported)."})
    String region;

    @Option(names = "--region-margin", paramLabel = "F", defaultValue = "0",
            description = "With --region lungs: grow each mask by F times the larger side of its bounding box "
                + "(default: ${DEFAULT-VALUE}, the mask as segmented).")
    double regionMargin;

    @Option(names = "--saliency", paramLabel = "N",
            description = {"Also explain the first N images of each class (0 = all; occlusion costs about 65 "
                + "forward passes per image) and report the share of saliency mass inside the lung region (--region) "
                + "and the fidelity check (drop when the most salient tenth vs a random tenth is blanked)."})
    Integer saliency;

    @Option(names = "--saliency-method", paramLabel = "cam|occlusion",
            description = "With --saliency: cam (needs a bundle with activation maps) or occlusion. Default: the best "
                + "the model supports, as explain does.")
    ExplanationMethod saliencyMethod;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private String regionName;

    /** The bundled lung segmenter for {@code --region lungs}, else {@code null} (the fixed box). */
    private LungSegmenter openSegmenter() throws Exception {
        switch (region.toLowerCase(java.util.Locale.ROOT)) {
            case "box" -> {
                return null;
            }
            case "lungs" -> {
                if (!(regionMargin >= 0 && regionMargin <= 1)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--region-margin must be in [0, 1], got " + regionMargin);
                }
                return LungSegmenter.loadDefault(ClassifierOptions.builder().optPoolSize(1));
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--region must be box or lungs, got " + region);
        }
    }

    @Override
    public Integer call() throws Exception {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        err.println(CovidXrayCli.DISCLAIMER);
        XrayDataset data = dataset.read();
        if (data.size() == 0) {
            throw new IllegalArgumentException(dataset.describe() + ": no images to evaluate");
        }
        List<ShortcutControl> parsedControls = controls.stream().map(ShortcutControl::parse).distinct().toList();
        DatasetScorer.Scores scores;
        OperatingPoint stored;
        Double temperature;
        Map<ShortcutControl, DatasetScorer.Scores> controlScores = new LinkedHashMap<>();
        ExplanationAudit.Result audit = null;
        LungRegion lungRegion = null;
        try (LungSegmenter segmenter = openSegmenter(); CovidClassifier classifier = model.open()) {
            ImageRegion lungField = segmenter == null ? ImageRegion.centralLungField()
                    : (lungRegion = LungRegion.of(segmenter, regionMargin));
            regionName = lungField.describe();
            stored = classifier.card().operatingPoint();
            temperature = classifier.card().temperature();
            try (ProgressBar bar = new ProgressBar(err, "evaluating")) {
                scores = DatasetScorer.score(classifier, data.records(), bar);
            }
            for (ShortcutControl control : parsedControls) {
                try (ProgressBar bar = new ProgressBar(err, control.cliName())) {
                    controlScores.put(control, DatasetScorer.score(control.applyTo(classifier, lungField),
                            data.records(), bar));
                }
            }
            if (saliency != null) {
                try (ProgressBar bar = new ProgressBar(err, "explaining")) {
                    audit = ExplanationAudit.run(classifier, firstPerClass(data.records(), saliency), saliencyMethod,
                            lungField,
                            seed, bar);
                }
            }
        }
        for (ScanProblem p : scores.failures()) {
            err.println("skipped: " + p.problem());
        }
        EvaluationOptions.Builder options = EvaluationOptions.builder().optBootstrapResamples(bootstrap).optSeed(seed);
        if (stored != null) {
            options.optPositiveLabel(stored.label());
            if (!Double.isNaN(stored.targetSensitivity())) {
                options.optTargetSensitivity(stored.targetSensitivity());
            }
        }
        EvaluationReport report = scores.evaluate(options.build());
        Map<String, Object> json = new LinkedHashMap<>(report.toJsonMap());
        if (stored != null) {
            json.put("stored_operating_point", atStoredThreshold(scores, stored));
        }
        Calibration before = temperature == null ? null : Calibration.topLabel(scores.trueIndex(),
                TemperatureScaling.unscale(scores.probabilities(), temperature), report.calibration().bins());
        if (before != null) {
            json.put("temperature", temperature);
            json.put("ece_before_temperature", before.expectedCalibrationError());
            json.put("ece_after_temperature", report.calibration().expectedCalibrationError());
        }
        json.put("skipped", scores.failures().size());
        json.put("data", dataset.describe());
        EvaluationOptions built = options.build();
        List<ControlComparison> comparisons = new ArrayList<>();
        controlScores.forEach((control, masked) -> comparisons.add(new ControlComparison(control.cliName(),
                regionName, report, masked.evaluate(built))));
        if (!comparisons.isEmpty()) {
            json.put("controls", comparisons.stream().map(ControlComparison::toJsonMap).toList());
        }
        if (lungRegion != null) {
            json.put("region_masks", lungRegion.masks());
            json.put("region_masks_flagged_box_used", lungRegion.fellBack());
        }
        if (audit != null) {
            json.put("explanations", audit.toJsonMap());
        }
        if (out != null) {
            Files.createDirectories(out);
            EvaluationPlots.write(report, dataset.describe(), out);
            ReliabilityPlot.write(before, report.calibration(), dataset.describe(), out.resolve(ReliabilityPlot.FILE));
            Files.writeString(out.resolve("report.json"), CommonOptions.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(json));
            err.println("wrote " + out.resolve("roc.png") + ", " + out.resolve("confusion.png") + ", "
                    + out.resolve(ReliabilityPlot.FILE) + ", "
                    + out.resolve("report.json"));
        }
        if (common.json()) {
            CommonOptions.printJson(stdout, json);
        } else {
            stdout.println(report.toText());
            if (before != null) {
                stdout.printf("temperature %.4f (fitted on validation data): ECE %.4f before, %.4f after%n", temperature,
                        before.expectedCalibrationError(), report.calibration().expectedCalibrationError());
            }
            if (stored != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) json.get("stored_operating_point");
                stdout.printf("stored operating point: flag %s when P >= %.4f -> sensitivity %.3f, specificity %.3f%n",
                        stored.label(), stored.threshold(), (Double) s.get("sensitivity"), (Double) s.get("specificity"));
            }
            if (lungRegion != null) {
                stdout.printf("lung region: %d masks, %d flagged as implausible (the central box was used for those)%n",
                        lungRegion.masks(), lungRegion.fellBack());
            }
            comparisons.forEach(c -> stdout.print(c.toText()));
            if (audit != null) {
                stdout.print(audit.toText());
            }
        }
        stdout.flush();
        return scores.failures().isEmpty() ? 0 : 1;
    }

    /** The first {@code n} records of each label in manifest order (all of them for {@code n <= 0}). */
    private static List<XrayRecord> firstPerClass(List<XrayRecord> records, int n) {
        if (n <= 0) {
            return records;
        }
        Map<String, Integer> taken = new HashMap<>();
        return records.stream().filter(r -> taken.merge(r.label(), 1, Integer::sum) <= n).toList();
    }

    /** Sensitivity and specificity of the threshold stored in the bundle, on this data. */
    private static Map<String, Object> atStoredThreshold(DatasetScorer.Scores scores, OperatingPoint stored) {
        ThresholdChoice at = ThresholdChoice.atThreshold(scores.labels(), scores.trueIndex(), scores.probabilities(),
                scores.labels().indexOf(stored.label()), stored.threshold());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", stored.label());
        m.put("threshold", stored.threshold());
        m.put("sensitivity", at.sensitivity());
        m.put("specificity", at.specificity());
        return m;
    }
}
