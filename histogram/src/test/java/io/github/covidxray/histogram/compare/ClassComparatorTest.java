package io.github.covidxray.histogram.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.SyntheticDataset;
import io.github.covidxray.histogram.SyntheticImages;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.core.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassComparatorTest {

    @TempDir
    Path tmp;

    private DatasetAnalysis analyse(Path root) throws Exception {
        return DatasetHistogramAnalyzer.builder().optAuditFeatures(false).build()
                .analyze(DatasetReader.folderPerClass(root), List.of(), ProgressListener.NONE);
    }

    @Test
    void uniformVersusShiftedGaussianMatchesTheory() throws Exception {
        DatasetAnalysis a = analyse(SyntheticDataset.uniformVsGaussian(tmp, 12));
        ClassComparison c = ClassComparator.compare(a.summary("uniform"), a.summary("gaussian"));
        // Theoretical KS distance between discrete uniform 0..255 and N(150, 20) rounded to integers.
        NormalDistribution normal = new NormalDistribution(150, 20);
        double expected = 0;
        for (int v = 0; v < 256; v++) {
            double fu = (v + 1) / 256.0;
            double fg = v == 255 ? 1 : normal.cumulativeProbability(v + 0.5);
            expected = Math.max(expected, Math.abs(fu - fg));
        }
        assertEquals(expected, c.ksPooled().distance(), 0.02);
        assertEquals(12, c.ksPooled().nA());
        // The p-value treats each image, not each pixel, as one observation: it is that of 12 vs 12 samples,
        // far more cautious than a pixel-count p-value (4096 pixels per image).
        double d = c.ksPooled().distance();
        assertEquals(ClassComparator.ksPValue(d, 12, 12), c.ksPooled().pValue(), 1e-12);
        assertTrue(c.ksPooled().pValue() > 1e3 * ClassComparator.ksPValue(d, 12 * 4096, 12 * 4096));
        // per-image means: ~127.5 vs ~150, every image apart -> KS of means is 1
        assertEquals(1.0, c.ksMeans().distance(), 0);
        assertTrue(c.ksMeans().pValue() < 1e-5, "p " + c.ksMeans().pValue());
        assertEquals(127.5 / 255, a.summary("uniform").summary(Statistic.MEAN).mean(), 0.01);
        assertEquals(150.0 / 255, a.summary("gaussian").summary(Statistic.MEAN).mean(), 0.01);
        assertTrue(c.cohensD().get(Statistic.MEAN) < -5, "uniform is much darker on average");
        assertTrue(c.cohensD().get(Statistic.STD) > 5, "uniform is much wider");
        assertTrue(c.jensenShannon() > 0.1 && c.jensenShannon() <= Math.log(2));
        // EMD between the two distributions: E|U - G| shift of mass, about |127.5 - 150| / 256 or more
        assertTrue(c.earthMovers() >= 22.5 / 256 - 0.005, "EMD " + c.earthMovers());
    }

    @Test
    void sameDistributionGivesNoDifference() throws Exception {
        SyntheticDataset.writeClass(tmp, "a", 10, i -> SyntheticImages.gaussian8(64, 64, 120, 30, 300 + i));
        SyntheticDataset.writeClass(tmp, "b", 10, i -> SyntheticImages.gaussian8(64, 64, 120, 30, 400 + i));
        DatasetAnalysis a = analyse(tmp);
        ClassComparison c = ClassComparator.compare(a.summary("a"), a.summary("b"));
        assertTrue(c.ksPooled().distance() < 0.01, "KS " + c.ksPooled().distance());
        assertTrue(c.ksPooled().pValue() > 0.5);
        assertTrue(c.jensenShannon() < 0.005);
        assertTrue(c.earthMovers() < 0.005);
        assertTrue(Math.abs(c.cohensD().get(Statistic.P50)) < 1.5);
    }

    @Test
    void ksPValueFollowsSampleSize() {
        double small = ClassComparator.ksPValue(0.3, 20, 20);
        double large = ClassComparator.ksPValue(0.3, 500, 500);
        assertTrue(small > large, small + " vs " + large);
        assertEquals(1.0, ClassComparator.ksPValue(0, 50, 300), 1e-9);
    }
}
