package io.github.covidxray.histogram.report;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.dataset.ImageSummary;
import io.github.covidxray.histogram.plot.HistogramCharts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link HistogramReport} into a folder: the three figures as PNG, the per-image CSV and the
 * summary JSON. Stateless and thread-safe.
 */
public final class ReportWriter {

    /** File name of the overlaid mean histograms. */
    public static final String MEAN_HISTOGRAMS_PNG = "mean_histograms.png";
    /** File name of the sample grid. */
    public static final String SAMPLES_PNG = "sample_histograms.png";
    /** File name of the box plots. */
    public static final String BOX_PLOTS_PNG = "statistics_boxplots.png";
    /** File name of the per-image table. */
    public static final String IMAGES_CSV = "images.csv";
    /** File name of the summary. */
    public static final String SUMMARY_JSON = "summary.json";

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    private ReportWriter() {}

    /**
     * Checks that a folder exists or can be created, and can be written to.
     *
     * @param dir the folder
     * @throws IOException if it cannot be created or written; the message names the folder
     */
    public static void prepareFolder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + ": output path exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(dir + ": cannot create output folder: " + e.getMessage(), e);
        }
        Path probe = dir.resolve(".write-test-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(Files.createFile(probe));
        } catch (IOException e) {
            throw new IOException(dir + ": output folder is not writable: " + e.getMessage(), e);
        }
    }

    /**
     * Writes every output.
     *
     * @param report the report
     * @param dir the output folder (created if needed)
     * @param analyzer the analyzer that made the report, to re-analyse the sample images consistently
     * @param samplesPerClass sample images per class in the grid, 0 to skip the grid
     * @return the files written
     * @throws IOException if the folder or a file cannot be written
     */
    public static List<Path> write(HistogramReport report, Path dir, HistogramAnalyzer analyzer, int samplesPerClass)
            throws IOException {
        prepareFolder(dir);
        List<Path> written = new ArrayList<>();
        Path mean = dir.resolve(MEAN_HISTOGRAMS_PNG);
        HistogramCharts.writeMeanHistograms(report.analysis(), mean);
        written.add(mean);
        List<HistogramCharts.Sample> samples = samples(report, analyzer, samplesPerClass);
        if (!samples.isEmpty()) {
            Path grid = dir.resolve(SAMPLES_PNG);
            HistogramCharts.writeSampleGrid(report.analysis(), samples, grid);
            written.add(grid);
        }
        Path box = dir.resolve(BOX_PLOTS_PNG);
        HistogramCharts.writeBoxPlots(report.analysis(), box);
        written.add(box);
        Path csv = dir.resolve(IMAGES_CSV);
        CsvExport.write(report.analysis(), csv);
        written.add(csv);
        Path json = dir.resolve(SUMMARY_JSON);
        JsonReport.write(report, json);
        written.add(json);
        return written;
    }

    /**
     * Picks sample images spread evenly through each class (deterministic) and reads them again.
     *
     * @param report the report
     * @param analyzer the analyzer for their histograms
     * @param perClass how many per class
     * @return the samples, grouped by class in label order; unreadable ones are left out
     */
    public static List<HistogramCharts.Sample> samples(HistogramReport report, HistogramAnalyzer analyzer,
            int perClass) {
        List<HistogramCharts.Sample> out = new ArrayList<>();
        if (perClass <= 0) {
            return out;
        }
        for (String label : report.analysis().labels()) {
            List<ImageSummary> images = report.analysis().images().stream()
                    .filter(i -> i.label().equals(label)).toList();
            int n = Math.min(perClass, images.size());
            for (int k = 0; k < n; k++) {
                ImageSummary pick = images.get((int) ((k + 0.5) * images.size() / n));
                try {
                    XrayImage image = XrayImage.read(pick.file());
                    out.add(new HistogramCharts.Sample(label, image, analyzer.analyze(image)));
                } catch (InvalidImageException | IllegalArgumentException e) {
                    LOG.warn("sample image left out: {}", e.getMessage());
                }
            }
        }
        return out;
    }
}
