package io.github.covidxray.cli;

import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.Region;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.report.HistogramReport;
import io.github.covidxray.histogram.report.JsonReport;
import io.github.covidxray.histogram.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray analyze --data DIR}: intensity histograms per class, class comparisons, a shortcut
 * audit, figures, CSV and JSON.
 */
@Command(name = "analyze", description = {
    "Compare the intensity histograms of the classes of a dataset and audit it for source shortcuts.",
    "Writes mean_histograms.png, sample_histograms.png, statistics_boxplots.png, images.csv and summary.json."})
final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset folder with one subfolder per class (DIR/<class>/<image>).")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", description = "Take labels and patient ids from this manifest "
            + "(columns split,label,file[,patient_id]; paths relative to the CSV's folder); only images under "
            + "--data are analysed. Patient ids keep each patient in one audit fold.")
    Path manifest;

    @Option(names = "--split", paramLabel = "NAME", description = "With --manifest: only rows of this split.")
    String split;

    @Option(names = "--classes", split = ",", paramLabel = "A,B", description = "Classes to analyse, in order "
            + "(default: all).")
    List<String> classes = List.of();

    @Option(names = "--out", paramLabel = "OUTDIR", defaultValue = "histogram-report",
            description = "Folder for the figures, CSV and JSON (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--samples", defaultValue = "3", paramLabel = "N",
            description = "Sample images per class in the grid figure (default: ${DEFAULT-VALUE}; 0 for none).")
    int samples;

    @Option(names = "--border", defaultValue = "0", paramLabel = "F",
            description = "Ignore a border of this fraction of each side (default: ${DEFAULT-VALUE}).")
    double border;

    @Option(names = "--corners", defaultValue = "0", paramLabel = "F", description = "Ignore corner squares of "
            + "this fraction of the shorter side, where text markers sit (default: ${DEFAULT-VALUE}).")
    double corners;

    @Option(names = "--bins16", defaultValue = "4096", paramLabel = "N",
            description = "Histogram bins for images deeper than 8 bits (default: ${DEFAULT-VALUE}).")
    int bins16;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--no-audit", description = "Skip the shortcut audit.")
    boolean noAudit;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        XrayDataset dataset = readDataset();
        ReportWriter.prepareFolder(out);
        HistogramAnalyzer analyzer = HistogramAnalyzer.builder().optBins16(bins16)
                .optRegion(Region.insideBorder(border).withoutCorners(corners)).build();
        DatasetHistogramAnalyzer.Builder builder = DatasetHistogramAnalyzer.builder().optAnalyzer(analyzer)
                .optAuditFeatures(!noAudit);
        if (threads != null) {
            builder.optThreads(threads);
        }
        long start = System.nanoTime();
        DatasetAnalysis analysis;
        try (ProgressBar bar = new ProgressBar(stderr, "analysing")) {
            analysis = builder.build().analyze(dataset, classes, bar);
        }
        for (ScanProblem p : analysis.skipped()) {
            stderr.println("skipped " + p.file() + ": " + p.problem());
        }
        stderr.flush();
        double scanSeconds = (System.nanoTime() - start) / 1e9;
        HistogramReport report = HistogramReport.of(data.toString(), analysis,
                noAudit ? null : ShortcutAudit.builder().build());
        double analysisSeconds = (System.nanoTime() - start) / 1e9;
        List<Path> written = ReportWriter.write(report, out, analyzer, samples);
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>(JsonReport.toMap(report));
            json.put("seconds", Math.round(analysisSeconds * 1000) / 1000.0);
            json.put("outputs", written.stream().map(Path::toString).toList());
            CommonOptions.printJson(stdout, json);
        } else {
            AnalysisSummary.print(stdout, report, scanSeconds, analysisSeconds, written);
        }
        stdout.flush();
        return analysis.skipped().isEmpty() ? 0 : 1;
    }

    private XrayDataset readDataset() throws DatasetException {
        if (!Files.isDirectory(data)) {
            throw new DatasetException(data + ": not a folder (expected --data DIR with one subfolder per class)");
        }
        if (manifest == null) {
            if (split != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--split needs --manifest");
            }
            return DatasetReader.folderPerClass(data);
        }
        Path csvFolder = manifest.toAbsolutePath().getParent();
        XrayDataset all = DatasetReader.manifest(manifest, csvFolder, split);
        Path under = data.toAbsolutePath().normalize();
        List<XrayRecord> records = all.records().stream()
                .filter(r -> r.file().toAbsolutePath().normalize().startsWith(under)).toList();
        if (records.isEmpty()) {
            throw new DatasetException(manifest + ": no image of the manifest" + (split == null ? "" : " (split "
                    + split + ")") + " lies under " + data);
        }
        List<String> labels = all.labels().stream()
                .filter(l -> records.stream().anyMatch(r -> r.label().equals(l))).toList();
        return new XrayDataset(data, labels, records, all.problems().stream()
                .filter(p -> p.file().toAbsolutePath().normalize().startsWith(under)).toList());
    }
}
