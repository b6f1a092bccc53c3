package io.github.covidxray.histogram.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassAccumulatorTest {

    @Test
    void exactSumIsTheCorrectlyRoundedSumInAnyOrder() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // Mixed magnitudes, where a naive running sum loses bits and depends on the order.
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(12) - 6));
        }
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            exact = exact.add(new BigDecimal(v));
        }
        double expected = exact.round(MathContext.DECIMAL128).doubleValue();
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(values, random);
            ExactSum sum = new ExactSum();
            values.forEach(sum::add);
            assertEquals(expected, sum.value(), 0.0);
        }
        double naiveForward = 0;
        for (double v : values) {
            naiveForward += v;
        }
        double naiveBackward = 0;
        for (int i = values.size() - 1; i >= 0; i--) {
            naiveBackward += values.get(i);
        }
        // The point of the exercise: the naive sums disagree with each other or with the exact one.
        assertEquals(true, naiveForward != expected || naiveBackward != expected || naiveForward != naiveBackward);
    }

    @Test
    void mergedPartsGiveBitForBitTheSummaryOfOneFold() {
        Random random = new Random(3);
        HistogramAnalyzer analyzer = HistogramAnalyzer.defaults();
        List<ImageHistogram> histograms = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            int w = 20 + random.nextInt(30);
            int h = 20 + random.nextInt(30);
            byte[] pixels = new byte[w * h];
            random.nextBytes(pixels);
            histograms.add(analyzer.analyze(XrayImage.ofGray8(w, h, pixels, "img" + i)));
        }
        ClassAccumulator whole = new ClassAccumulator("c", 64);
        histograms.forEach(whole::add);
        ClassAccumulator merged = new ClassAccumulator("c", 64);
        for (int[] range : new int[][] {{0, 5}, {5, 6}, {6, 30}, {30, 37}}) {
            ClassAccumulator part = new ClassAccumulator("c", 64);
            histograms.subList(range[0], range[1]).forEach(part::add);
            merged.merge(part);
        }
        ClassSummary a = whole.summary();
        ClassSummary b = merged.summary();
        assertArrayEquals(a.meanHistogram(), b.meanHistogram());
        assertArrayEquals(a.sdHistogram(), b.sdHistogram());
        assertArrayEquals(a.pooledCounts(), b.pooledCounts());
        assertArrayEquals(a.values(Statistic.MEAN), b.values(Statistic.MEAN));
        assertEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> merged.merge(new ClassAccumulator("d", 64)));
    }
}
