package io.github.covidxray.cli;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.Region;
import io.github.covidxray.histogram.RegionFinder;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.plot.HistogramCharts;
import io.github.covidxray.histogram.report.HistogramReport;
import io.github.covidxray.histogram.report.JsonReport;
import io.github.covidxray.histogram.report.RegionComparison;
import io.github.covidxray.histogram.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--region", defaultValue = "whole", paramLabel = "R", description = "whole (default) or lungs: "
            + "analyse the lungs only (found by the lung segmenter, images with an implausible mask left out) and "
            + "the whole images of the same images, into OUTDIR/lungs and OUTDIR/whole, and compare the two in "
            + "OUTDIR/lungs_vs_whole.json.")
    String region;

    @Option(names = "--lung-model", paramLabel = "BUNDLE",
            description = "With --region lungs: a segmentation bundle (default: the bundled lung segmenter).")
    Path lungModel;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        XrayDataset dataset = readDataset();
        switch (region.toLowerCase(Locale.ROOT)) {
            case "whole" -> {
                return analyseWhole(dataset, stdout, stderr);
            }
            case "lungs" -> {
                return analyseLungs(dataset, stdout, stderr);
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--region must be whole or lungs, got " + region);
        }
    }

    private HistogramAnalyzer analyzer() {
        return HistogramAnalyzer.builder().optBins16(bins16)
                .optRegion(Region.insideBorder(border).withoutCorners(corners)).build();
    }

    private DatasetHistogramAnalyzer.Builder datasetAnalyzer(HistogramAnalyzer analyzer) {
        DatasetHistogramAnalyzer.Builder builder = DatasetHistogramAnalyzer.builder().optAnalyzer(analyzer)
                .optAuditFeatures(!noAudit);
        if (threads != null) {
            builder.optThreads(threads);
        }
        return builder;
    }

    /** Runs one analysis; prints what was skipped. */
    private DatasetAnalysis analyse(XrayDataset dataset, DatasetHistogramAnalyzer analyzer, String title,
            PrintWriter stderr) throws Exception {
        DatasetAnalysis analysis;
        try (ProgressBar bar = new ProgressBar(stderr, title)) {
            analysis = analyzer.analyze(dataset, classes, bar);
        }
        for (ScanProblem p : analysis.skipped()) {
            stderr.println("skipped " + p.file() + ": " + p.problem());
        }
        stderr.flush();
        return analysis;
    }

    private HistogramReport report(DatasetAnalysis analysis) {
        return HistogramReport.of(data.toString(), analysis, noAudit ? null : ShortcutAudit.builder().build());
    }

    private int analyseLungs(XrayDataset dataset, PrintWriter stdout, PrintWriter stderr) throws Exception {
        ReportWriter.prepareFolder(out);
        HistogramAnalyzer analyzer = analyzer();
        HistogramReport lungs;
        ClassifierOptions.Builder options = ClassifierOptions.builder().optPoolSize(1);
        try (LungSegmenter segmenter = lungModel == null ? LungSegmenter.loadDefault(options)
                : LungSegmenter.load(options.setBundle(lungModel).build())) {
            stderr.println("lungs found by " + segmenter.card().name() + " " + segmenter.card().version() + " on "
                    + segmenter.engine());
            lungs = report(analyse(dataset, datasetAnalyzer(analyzer).optRegionFinder(RegionFinder.lungs(segmenter))
                    .build(), "lungs", stderr));
        }
        // The whole images of exactly the images the lung analysis kept, so the two differ only in the region.
        java.util.Set<Path> kept = new java.util.HashSet<>();
        lungs.analysis().images().forEach(i -> kept.add(i.file()));
        XrayDataset same = new XrayDataset(dataset.root(), dataset.labels(),
                dataset.records().stream().filter(r -> kept.contains(r.file())).toList(), List.of());
        HistogramReport whole = report(analyse(same, datasetAnalyzer(analyzer).build(), "whole images", stderr));
        List<Path> written = new java.util.ArrayList<>();
        // Sample histograms would be drawn over the analyzer's fixed region, not the lungs: none for the lungs.
        written.addAll(ReportWriter.write(lungs, out.resolve("lungs"), analyzer, 0));
        written.addAll(ReportWriter.write(whole, out.resolve("whole"), analyzer, samples));
        Path figure = out.resolve("lungs_vs_whole.png");
        HistogramCharts.writePng(HistogramCharts.wholeVersusLungs(whole.analysis(), lungs.analysis()), figure);
        written.add(figure);
        RegionComparison comparison = RegionComparison.of(whole, lungs, noAudit ? null : ShortcutAudit.builder().build());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", Map.of("analysed", kept.size(), "left_out", lungs.analysis().skipped().size()));
        json.putAll(comparison.toMap());
        Path comparisonFile = out.resolve("lungs_vs_whole.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(comparisonFile.toFile(), json);
        written.add(comparisonFile);
        if (common.json()) {
            json.put("outputs", written.stream().map(Path::toString).toList());
            CommonOptions.printJson(stdout, json);
        } else {
            AnalysisSummary.printRegionComparison(stdout, comparison, kept.size(), lungs.analysis().skipped().size(),
                    written);
        }
        stdout.flush();
        return 0;
    }

    private int analyseWhole(XrayDataset dataset, PrintWriter stdout, PrintWriter stderr) throws Exception {
        ReportWriter.prepareFolder(out);
        HistogramAnalyzer analyzer = analyzer();
        long start = System.nanoTime();
        DatasetAnalysis analysis = analyse(dataset, datasetAnalyzer(analyzer).build(), "analysing", stderr);
        double scanSeconds = (System.nanoTime() - start) / 1e9;
        HistogramReport report = report(analysis);
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
