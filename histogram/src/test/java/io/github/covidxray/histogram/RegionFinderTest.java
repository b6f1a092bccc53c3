package io.github.covidxray.histogram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.testing.FakeLungSegmenter;
import io.github.covidxray.histogram.audit.AuditFeatures;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionFinderTest {

    @TempDir
    Path tmp;

    /** "Finds" two lungs (columns 10-39 and 60-89, rows 10-69 of a 100 x 80 image, scaled); the n-th call finds none. */
    private static LungSegmenter fakeSegmenter(int emptyOnCall) {
        AtomicInteger calls = new AtomicInteger();
        return new FakeLungSegmenter(image -> {
            boolean[] m = new boolean[image.width() * image.height()];
            int w = image.width();
            int h = image.height();
            if (calls.incrementAndGet() != emptyOnCall) {
                for (int y = h / 8; y < 7 * h / 8; y++) {
                    for (int x = w / 10; x < 9 * w / 10; x++) {
                        m[y * w + x] = x < 4 * w / 10 || x >= 6 * w / 10;
                    }
                }
            }
            return LungMask.of(image.width(), image.height(), m, image.source());
        });
    }

    @Test
    void countsOnlyThePixelsInsideTheLungs() throws Exception {
        byte[] px = new byte[100 * 80];
        java.util.Arrays.fill(px, (byte) 200);
        for (int y = 10; y < 70; y++) {
            for (int x = 10; x < 90; x++) {
                if (x < 40 || x >= 60) {
                    px[y * 100 + x] = 50;
                }
            }
        }
        XrayImage image = XrayImage.ofGray8(100, 80, px, "chest");
        Region lungs = RegionFinder.lungs(fakeSegmenter(0)).find(image);
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(image, lungs);
        assertEquals(2 * 30 * 60, h.total());
        assertEquals(50, h.stats().mean(), 1e-12);
        assertEquals(200 - 150 * 3600 / 8000.0, HistogramAnalyzer.defaults().analyze(image).stats().mean(), 1e-9);
    }

    @Test
    void implausibleMasksAreRefusedWithTheirReason() {
        XrayImage image = XrayImage.ofGray8(100, 80, new byte[8000], "chest-7.png");
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> RegionFinder.lungs(fakeSegmenter(1)).find(image));
        assertTrue(e.getMessage().contains("chest-7.png") && e.getMessage().contains("no lung pixels"), e.getMessage());
    }

    @Test
    void datasetAnalysisSkipsImagesWithoutPlausibleLungsAndAuditsLungFeaturesOnly() throws Exception {
        Path root = SyntheticDataset.uniformVsGaussian(tmp, 4);
        DatasetAnalysis a = DatasetHistogramAnalyzer.builder().optThreads(2)
                .optRegionFinder(RegionFinder.lungs(fakeSegmenter(3))).build()
                .analyze(DatasetReader.folderPerClass(root), List.of(), (done, total, message) -> { });
        assertEquals(7, a.images().size());
        assertEquals(1, a.skipped().size());
        assertTrue(a.skipped().get(0).problem().contains("implausible"), a.skipped().get(0).problem());
        assertEquals(AuditFeatures.names(false), a.features().names());
        assertEquals(Statistic.values().length + AuditFeatures.HISTOGRAM_BINS, a.features().width());
    }
}
