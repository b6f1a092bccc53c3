package io.github.covidxray.cli;

import io.github.covidxray.study.Study;
import io.github.covidxray.study.StudyArm;
import io.github.covidxray.study.StudyConfig;
import io.github.covidxray.study.StudyResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covid-xray study}: the whole study in one command, resumable, into a report folder. */
@Command(name = "study", description = {
    "Run the study: dataset summary, histogram analysis and shortcut audit, MobileNetV2 and DenseNet-121 trained",
    "with and without augmentation (same seed, schedule and input size), validation results with bootstrap",
    "intervals, paired comparisons, and a report (REPORT.md, study.json, PNG figures) in --out.",
    "Resumable: run it again with the same --out and finished arms are not retrained.",
    "Research use only: not a medical device."})
final class StudyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset root: train/ and val/ class folders, or the folder the manifest's paths are relative to.")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", description = "Manifest with split,label,file[,patient_id,source]; uses splits train and val.")
    Path manifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder (an earlier run there is resumed).")
    Path out;

    @Option(names = "--arms", split = ",", paramLabel = "ARM,...", description = "Arms to run, ARCH or ARCH+PRESET "
            + "(default: mobilenetv2,mobilenetv2+conservative,densenet121,densenet121+conservative).")
    List<String> arms;

    @Option(names = "--epochs", paramLabel = "N", description = "Most epochs per arm (default: 30; quick: 2).")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience (default: 8).")
    Integer patience;

    @Option(names = "--size", paramLabel = "PX", description = "Input size (default: 128; quick: 32).")
    Integer size;

    @Option(names = "--seed", paramLabel = "N", description = "Seed shared by all arms (default: 7).")
    Long seed;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "samples",
            description = "Images (.jpg, .png) whose explanation overlays go into the report, with their credits in "
                    + "DIR/ATTRIBUTION.md; never dataset images (default: ${DEFAULT-VALUE}, skipped when absent).")
    Path examples;

    @Option(names = "--quick", description = "Smoke run: tiny images, 2 short epochs per arm, 8 images per class. Numbers mean nothing.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        StudyConfig.Builder b = StudyConfig.builder().setData(data).setOutput(out).optManifest(manifest)
                .optCommand("./covid-xray " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        if (quick) {
            b.optQuick();
        }
        if (Files.isDirectory(examples)) {
            try (Stream<Path> files = Files.list(examples)) {
                b.optExamples(files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                        .matches(".*\\.(jpe?g|png)")).sorted().toList());
            }
        } else {
            stderr.println("no folder " + examples + ": the report will have no example explanations (--examples DIR)");
        }
        if (arms != null) {
            b.optArms(arms.stream().map(StudyArm::parse).toList());
        }
        StudyConfig defaults = b.build();
        if (epochs != null || patience != null) {
            b.optEpochs(epochs != null ? epochs : defaults.epochs(), patience != null ? patience : defaults.patience());
        }
        if (size != null) {
            b.optImageSize(size);
        }
        if (seed != null) {
            b.optSeed(seed);
        }
        stderr.println("Research use only: not a medical device, not validated for diagnosis or patient care.");
        StudyResult result;
        try (ProgressBar bar = new ProgressBar(stderr, "study (epochs)")) {
            result = Study.run(b.build(), bar);
        }
        if (common.json()) {
            CommonOptions.printJson(stdout, Map.of("report", result.report().toString(), "json", result.json().toString()));
        } else {
            stdout.println("wrote " + result.report() + " and " + result.json());
        }
        stdout.flush();
        return 0;
    }
}
