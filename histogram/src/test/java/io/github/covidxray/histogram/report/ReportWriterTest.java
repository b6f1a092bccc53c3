package io.github.covidxray.histogram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.SyntheticDataset;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.dataset.ImageSummary;
import io.github.covidxray.core.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path tmp;

    private HistogramReport report;

    @BeforeEach
    void analyse() throws Exception {
        Path data = SyntheticDataset.uniformVsGaussian(tmp.resolve("data"), 8);
        DatasetAnalysis a = DatasetHistogramAnalyzer.builder().build()
                .analyze(DatasetReader.folderPerClass(data), List.of("uniform", "gaussian"), ProgressListener.NONE);
        report = HistogramReport.of(data.toString(), a, ShortcutAudit.builder().optFolds(4).build());
    }

    @Test
    void writesFiguresCsvAndJson() throws Exception {
        Path out = tmp.resolve("out/nested");
        List<Path> files = ReportWriter.write(report, out, HistogramAnalyzer.defaults(), 2);
        assertEquals(5, files.size());
        for (String png : List.of(ReportWriter.MEAN_HISTOGRAMS_PNG, ReportWriter.SAMPLES_PNG, ReportWriter.BOX_PLOTS_PNG)) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertTrue(img.getWidth() >= 800 && img.getHeight() >= 400, png);
            assertTrue(colourCount(img) > 20, png + " is not blank");
        }
        List<String> lines = Files.readAllLines(out.resolve(ReportWriter.IMAGES_CSV));
        assertEquals(17, lines.size());
        assertEquals(String.join(",", CsvExport.columns()), lines.get(0));
        ImageSummary first = report.analysis().images().get(0);
        List<String> header = List.of(lines.get(0).split(","));
        java.util.Map<String, String> row = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(java.util.Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema()
                        .withHeader()).<java.util.Map<String, String>>readValues(out.resolve(ReportWriter.IMAGES_CSV)
                        .toFile()).next();
        String[] cells = header.stream().map(row::get).toArray(String[]::new);
        assertEquals(first.file().toString(), cells[0]);
        assertEquals(first.stats().mean(), Double.parseDouble(cells[CsvExport.ID_COLUMNS.size()]), 1e-9);
        assertEquals(first.stats().p50(), Integer.parseInt(cells[CsvExport.columns().indexOf("p50")]));

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.SUMMARY_JSON).toFile());
        assertEquals(16, json.get("images_analysed").asInt());
        assertEquals(8, json.at("/classes/uniform/images").asInt());
        assertEquals(256, json.at("/classes/gaussian/mean_histogram").size());
        assertEquals(report.analysis().summary("uniform").summary(Statistic.MEAN).median(),
                json.at("/classes/uniform/statistics/mean/median").asDouble(), 1e-12);
        JsonNode cmp = json.get("comparisons").get(0);
        assertEquals("uniform", cmp.get("a").asText());
        assertEquals(report.comparisons().get(0).jensenShannon(), cmp.get("jensen_shannon_divergence_nats").asDouble(),
                1e-12);
        assertTrue(cmp.at("/ks_pooled_intensities/note").asText().contains("not independent"));
        assertEquals(report.audit().maxAuc(), json.at("/shortcut_audit/max_auc").asDouble(), 1e-12);
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        // two disjoint delta histograms have an infinite Bhattacharyya distance: JSON gets null, not "Infinity"
        var c = new io.github.covidxray.histogram.compare.ClassComparison("a", "b",
                new io.github.covidxray.histogram.compare.KsResult(1, 0, 2, 2),
                new io.github.covidxray.histogram.compare.KsResult(1, 0, 2, 2), 1, Double.POSITIVE_INFINITY,
                Math.log(2), 0.5, java.util.Map.of(Statistic.MEAN, Double.NaN));
        HistogramReport r = new HistogramReport("x", report.analysis(), List.of(c), null);
        var map = JsonReport.toMap(r);
        @SuppressWarnings("unchecked")
        var first = (java.util.Map<String, Object>) ((List<?>) map.get("comparisons")).get(0);
        assertNull(first.get("bhattacharyya_distance"));
        assertNull(map.get("shortcut_audit"));
    }

    @Test
    void unwritableOutputGivesAClearError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IOException e = assertThrows(IOException.class, () -> ReportWriter.prepareFolder(file));
        assertTrue(e.getMessage().contains("a-file") && e.getMessage().contains("not a folder"), e.getMessage());
        e = assertThrows(IOException.class, () -> ReportWriter.prepareFolder(file.resolve("sub")));
        assertTrue(e.getMessage().contains("cannot create output folder"), e.getMessage());
    }

    private static int colourCount(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
