package io.github.covidxray.cli;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.trust.OodCheck;
import io.github.covidxray.core.trust.OodTestSet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray ood-check}: how well a bundle's out-of-distribution gate separates real X-rays of a
 * labelled split from inputs that are not frontal chest X-rays ({@link OodTestSet}): AUROC per kind, share
 * flagged per kind and of the real X-rays, measured by {@link OodCheck}.
 */
@Command(name = "ood-check", description = {
    "Measure a model's out-of-distribution gate: score the real X-rays of a split (e.g. val) and inputs that",
    "are not frontal chest X-rays (generated noise, gradients, shapes and text pages; pydicom's CT/MR test",
    "files and pictures from Debian packages when installed; the split's X-rays rotated, inverted and",
    "cropped, built in memory, never written), and report AUROC per kind against the real X-rays and the",
    "share of each flagged. Research use only: not a medical device."})
final class OodCheckCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--generated", defaultValue = "40", description = "Images per generated kind (default: ${DEFAULT-VALUE}).")
    int generated;

    @Option(names = "--seed", defaultValue = "12", description = "Seed of the generated images (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        XrayDataset data = dataset.read();
        List<OodCheck.KindResult> results;
        try (CovidClassifier classifier = modelOptions.open()) {
            List<XrayImage> real = new ArrayList<>();
            for (XrayRecord r : data.records()) {
                try {
                    real.add(XrayImage.read(r.file(), classifier.readOptions()));
                } catch (InvalidImageException e) {
                    spec.commandLine().getErr().println("skipped " + e.getMessage());
                }
            }
            List<OodTestSet.Kind> kinds = new ArrayList<>(OodTestSet.generated(generated, seed));
            kinds.add(new OodTestSet.Kind("ct-mr-dicom", "pydicom's CT and MR test files (python3-pydicom)",
                    OodTestSet.ctMrDicoms(classifier.readOptions())));
            kinds.add(new OodTestSet.Kind("debian-pictures", "PNG/JPEG pictures over 20 kB under /usr/share (icons,"
                    + " documentation figures; no photographs are installed here)",
                    OodTestSet.debianPictures(classifier.readOptions())));
            kinds.addAll(OodTestSet.transformed(real));
            for (OodTestSet.Kind kind : kinds) {
                if (kind.images().isEmpty()) {
                    spec.commandLine().getErr().println("no images of kind " + kind.name() + " here; skipped");
                }
            }
            results = OodCheck.run(classifier, real, "real X-rays of " + dataset.describe(), kinds,
                    Math.max(1, modelOptions.batch()));
        }
        if (common.json()) {
            for (OodCheck.KindResult r : results) {
                CommonOptions.printJson(out, r);
            }
        } else {
            out.printf(Locale.ROOT, "%-16s %5s %7s %8s %8s %10s  %s%n", "kind", "n", "AUROC", "flagged", "median",
                    "P>=0.9", "what");
            for (OodCheck.KindResult r : results) {
                out.printf(Locale.ROOT, "%-16s %5d %7s %7.1f%% %8.3f %9.1f%%  %s%n", r.kind(), r.n(),
                        Double.isNaN(r.auroc()) ? "-" : String.format(Locale.ROOT, "%.3f", r.auroc()),
                        100 * r.flagged(), r.medianScore(), 100 * r.confidentShare(), r.description());
            }
            out.println("AUROC: OOD score of the kind against the real X-rays (1 = always scored higher)."
                    + " P>=0.9: share answered with top probability >= 0.9.");
        }
        return 0;
    }
}
