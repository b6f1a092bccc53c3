package io.github.covidxray.histogram.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.SyntheticDataset;
import io.github.covidxray.histogram.audit.AuditFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetHistogramAnalyzerTest {

    @TempDir
    Path tmp;

    @Test
    void classSummaryEqualsDirectAveragesOfTheImages() throws Exception {
        XrayDataset data = DatasetReader.folderPerClass(SyntheticDataset.uniformVsGaussian(tmp, 6));
        DatasetAnalysis a = DatasetHistogramAnalyzer.builder().optBins(64).build()
                .analyze(data, List.of(), ProgressListener.NONE);
        assertEquals(List.of("gaussian", "uniform"), a.labels());
        for (String label : a.labels()) {
            ClassSummary s = a.summary(label);
            double[] sum = new double[64];
            double[] sumSq = new double[64];
            long[] pooled = new long[64];
            List<Double> means = new ArrayList<>();
            for (var r : data.ofLabel(label)) {
                ImageHistogram h = HistogramAnalyzer.defaults().analyze(XrayImage.read(r.file()));
                double[] p = new double[64];
                for (int b = 0; b < 256; b++) {
                    p[b / 4] += h.count(b) / (double) h.total();
                    pooled[b / 4] += h.count(b);
                }
                for (int b = 0; b < 64; b++) {
                    sum[b] += p[b];
                    sumSq[b] += p[b] * p[b];
                }
                means.add(h.stats().mean() / 255);
            }
            int n = data.ofLabel(label).size();
            assertEquals(n, s.imageCount());
            assertArrayEquals(pooled, s.pooledCounts());
            for (int b = 0; b < 64; b++) {
                double mean = sum[b] / n;
                assertEquals(mean, s.meanHistogram()[b], 1e-12);
                assertEquals(Math.sqrt(Math.max(0, sumSq[b] / n - mean * mean)), s.sdHistogram()[b], 1e-9);
            }
            assertArrayEquals(means.stream().mapToDouble(Double::doubleValue).toArray(), s.values(Statistic.MEAN), 1e-12);
        }
        assertEquals(12, a.images().size());
        assertNotNull(a.features());
        assertEquals(AuditFeatures.names().size(), a.features().width());
        assertEquals(12, a.features().size());
    }

    @Test
    void unreadableImagesAreReportedSkippedAndCounted() throws Exception {
        SyntheticDataset.uniformVsGaussian(tmp, 4);
        Files.write(tmp.resolve("uniform/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.write(tmp.resolve("gaussian/not-an-image.png"), "hello".getBytes());
        XrayDataset data = DatasetReader.folderPerClass(tmp);
        List<String> calls = new ArrayList<>();
        DatasetAnalysis a = DatasetHistogramAnalyzer.builder().optThreads(2).build().analyze(data, List.of(),
                (done, total, message) -> calls.add(done + "/" + total + (message.isEmpty() ? "" : " skipped")));
        assertEquals(10, calls.size());
        assertEquals("1/10", calls.get(0).substring(0, 4));
        assertEquals("10/10", calls.get(9).substring(0, 5));
        assertEquals(2, calls.stream().filter(c -> c.endsWith("skipped")).count());
        assertEquals(2, a.skipped().size());
        assertTrue(a.skipped().stream().anyMatch(p -> p.file().endsWith("broken.png")));
        assertEquals(4, a.summary("uniform").imageCount());
        assertEquals(4, a.summary("gaussian").imageCount());
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws Exception {
        XrayDataset data = DatasetReader.folderPerClass(SyntheticDataset.uniformVsGaussian(tmp, 5));
        DatasetAnalysis one = DatasetHistogramAnalyzer.builder().optThreads(1).build()
                .analyze(data, List.of("uniform", "gaussian"), ProgressListener.NONE);
        DatasetAnalysis two = DatasetHistogramAnalyzer.builder().optThreads(3).build()
                .analyze(data, List.of("uniform", "gaussian"), ProgressListener.NONE);
        assertEquals(one.summary("uniform"), two.summary("uniform"));
        assertEquals(one.summary("gaussian"), two.summary("gaussian"));
        assertEquals(one.images(), two.images());
        assertEquals(List.of("uniform", "gaussian"), one.labels(), "classes keep the order asked for");
    }

    @Test
    void unknownOrEmptyClassesGiveClearErrors() throws Exception {
        SyntheticDataset.uniformVsGaussian(tmp, 2);
        Files.createDirectories(tmp.resolve("empty"));
        XrayDataset data = DatasetReader.folderPerClass(tmp);
        DatasetHistogramAnalyzer analyzer = DatasetHistogramAnalyzer.builder().build();
        DatasetException e = assertThrows(DatasetException.class,
                () -> analyzer.analyze(data, List.of("uniform", "covid"), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("no class 'covid'") && e.getMessage().contains("uniform"), e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> analyzer.analyze(data, List.of("empty", "uniform"), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("'empty' has no images"), e.getMessage());
        // a class whose every image is unreadable
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("x.png"), new byte[] {1, 2, 3});
        XrayDataset withBad = DatasetReader.folderPerClass(tmp);
        e = assertThrows(DatasetException.class,
                () -> analyzer.analyze(withBad, List.of("bad", "uniform"), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("no readable image"), e.getMessage());
    }

    @Test
    void statSummaryQuartilesInterpolate() {
        StatSummary s = StatSummary.of(new double[] {4, 1, 3, 2});
        assertEquals(1, s.min(), 0);
        assertEquals(4, s.max(), 0);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.75, s.q1(), 1e-12);
        assertEquals(3.25, s.q3(), 1e-12);
        assertEquals(Math.sqrt(5 / 3.0), s.sd(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> StatSummary.of(new double[0]));
    }
}
