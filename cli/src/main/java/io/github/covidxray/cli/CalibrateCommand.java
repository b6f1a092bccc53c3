package io.github.covidxray.cli;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.trust.BundleCalibrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray calibrate}: fits the out-of-distribution gate on the training split and the temperature on
 * the validation split, stores both in the bundle, then re-chooses the operating point on the calibrated
 * probabilities.
 */
@Command(name = "calibrate", description = {
    "Fit a bundle's out-of-distribution gate (Mahalanobis distance on pooled features, fitted on the training",
    "split, threshold set on the validation split to flag about 1% of real X-rays) and its softmax temperature",
    "(fitted on the validation split), store them in the bundle, and re-choose its operating point on the",
    "calibrated probabilities. The bundle needs the pooled_features output (covid-xray export adds it).",
    "Research use only: not a medical device."})
final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "The bundle folder to update.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Root the manifest's paths are relative to.")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", required = true, description = "Manifest CSV with split,label,file columns.")
    Path manifest;

    @Option(names = "--train-split", defaultValue = "train", description = "Split the gate is fitted on (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--val-split", defaultValue = "val", description = "Split for the thresholds and temperature (default: ${DEFAULT-VALUE}).")
    String valSplit;

    @Option(names = "--flag-share", defaultValue = "0.01", description = "Share of validation X-rays the gate flags (default: ${DEFAULT-VALUE}).")
    double flagShare;

    @Option(names = "--components", defaultValue = "256", description = "Eigen-directions the gate keeps exactly; the rest"
            + " are treated as isotropic (default: ${DEFAULT-VALUE}).")
    int components;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        XrayDataset train = DatasetReader.manifest(manifest, data, trainSplit);
        XrayDataset val = DatasetReader.manifest(manifest, data, valSplit);
        BundleCalibrator.Result r;
        try (ProgressBar bar = new ProgressBar(err, "calibrate")) {
            r = BundleCalibrator.builder().optFlaggedShare(flagShare).optComponents(components).build()
                    .calibrate(ModelBundle.load(model), train.records(), val.records(), bar);
        }
        ModelBundle bundle = r.bundle();
        OperatingPoint old = bundle.card().operatingPoint();
        if (old != null) {
            double target = Double.isNaN(old.targetSensitivity()) ? 0.95 : old.targetSensitivity();
            bundle = BundleOperatingPoint.chooseAndStore(bundle, val, old.label(), target, 16, err);
        }
        OperatingPoint op = bundle.card().operatingPoint();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bundle", bundle.directory().toString());
        out.put("train_images", r.trainImages());
        out.put("val_images", r.valImages());
        out.put("skipped", r.skipped());
        out.put("shrinkage", r.shrinkage());
        out.put("ood_threshold", r.oodThreshold());
        out.put("ood_image_threshold", r.imageThreshold());
        out.put("val_flagged", r.valFlaggedShare());
        out.put("train_flagged", r.trainFlaggedShare());
        out.put("temperature", r.temperature());
        out.put("val_nll_before", r.nllBefore());
        out.put("val_nll_after", r.nllAfter());
        out.put("val_ece_before", r.eceBefore());
        out.put("val_ece_after", r.eceAfter());
        out.put("operating_point", op);
        if (common.json()) {
            CommonOptions.printJson(spec.commandLine().getOut(), out);
        } else {
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "OOD gate: fitted on %d training images (feature shrinkage %.3f); thresholds %.4f"
                    + " (pooled features) and %.4f (image statistics) flag %.1f%% of %d validation and %.1f%% of"
                    + " training images%n", r.trainImages(), r.shrinkage(), r.oodThreshold(), r.imageThreshold(),
                    100 * r.valFlaggedShare(), r.valImages(), 100 * r.trainFlaggedShare());
            o.printf(Locale.ROOT, "temperature %.4f: validation NLL %.4f -> %.4f, ECE %.4f -> %.4f%n", r.temperature(),
                    r.nllBefore(), r.nllAfter(), r.eceBefore(), r.eceAfter());
            if (op != null) {
                o.printf(Locale.ROOT, "operating point re-chosen on calibrated probabilities: flag %s when P >= %.6f"
                        + " (sensitivity %.3f, specificity %.3f on %s)%n", op.label(), op.threshold(), op.sensitivity(),
                        op.specificity(), valSplit);
            }
            o.printf("stored in %s%n", bundle.directory().resolve(ModelBundle.MODEL_JSON));
        }
        return 0;
    }
}
