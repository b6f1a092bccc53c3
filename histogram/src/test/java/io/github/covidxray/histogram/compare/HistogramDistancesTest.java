package io.github.covidxray.histogram.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramDistancesTest {

    private static double[] randomHistogram(Random rnd, int bins) {
        double[] h = new double[bins];
        for (int i = 0; i < bins; i++) {
            h[i] = rnd.nextDouble() < 0.3 ? 0 : rnd.nextDouble();
        }
        h[rnd.nextInt(bins)] += 0.1;
        return h;
    }

    private static double[] delta(int bins, int at) {
        double[] h = new double[bins];
        h[at] = 1;
        return h;
    }

    @Test
    void identicalHistogramsAreAtDistanceZero() {
        double[] h = randomHistogram(new Random(1), 64);
        double[] scaled = h.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 37; // counts vs probabilities: normalised first
        }
        assertEquals(0, HistogramDistances.kolmogorovSmirnov(h, scaled), 1e-12);
        assertEquals(0, HistogramDistances.chiSquare(h, scaled), 1e-12);
        assertEquals(0, HistogramDistances.bhattacharyya(h, scaled), 1e-12);
        assertEquals(0, HistogramDistances.jensenShannon(h, scaled), 1e-12);
        assertEquals(0, HistogramDistances.earthMovers(h, scaled), 1e-12);
    }

    @Test
    void disjointHistogramsReachTheUpperBounds() {
        double[] a = delta(10, 0);
        double[] b = delta(10, 9);
        assertEquals(1, HistogramDistances.kolmogorovSmirnov(a, b), 1e-12);
        assertEquals(1, HistogramDistances.chiSquare(a, b), 1e-12);
        assertEquals(Math.log(2), HistogramDistances.jensenShannon(a, b), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, HistogramDistances.bhattacharyya(a, b));
        assertEquals(0.9, HistogramDistances.earthMovers(a, b), 1e-12); // 9 bins of 1/10 each
    }

    @Test
    void earthMoversOfAShiftIsTheShift() {
        Random rnd = new Random(2);
        double[] a = new double[100];
        for (int i = 10; i < 60; i++) {
            a[i] = rnd.nextDouble();
        }
        double[] b = new double[100];
        System.arraycopy(a, 0, b, 7, 93);
        assertEquals(0.07, HistogramDistances.earthMovers(a, b), 1e-12);
    }

    @Test
    void metricPropertiesHoldOnRandomPairs() {
        Random rnd = new Random(3);
        for (int t = 0; t < 200; t++) {
            double[] a = randomHistogram(rnd, 32);
            double[] b = randomHistogram(rnd, 32);
            double js = HistogramDistances.jensenShannon(a, b);
            assertEquals(js, HistogramDistances.jensenShannon(b, a), 1e-12, "JS is symmetric");
            assertTrue(js >= 0 && js <= Math.log(2) + 1e-12, "JS within [0, ln 2]: " + js);
            assertEquals(HistogramDistances.chiSquare(a, b), HistogramDistances.chiSquare(b, a), 1e-12);
            assertEquals(HistogramDistances.bhattacharyya(a, b), HistogramDistances.bhattacharyya(b, a), 1e-12);
            double ks = HistogramDistances.kolmogorovSmirnov(a, b);
            double emd = HistogramDistances.earthMovers(a, b);
            assertTrue(ks >= 0 && ks <= 1);
            // EMD is the mean CDF gap: never above the largest gap
            assertTrue(emd <= ks + 1e-12, "EMD " + emd + " <= KS " + ks);
            double[] c = randomHistogram(rnd, 32);
            assertTrue(HistogramDistances.earthMovers(a, c)
                    <= HistogramDistances.earthMovers(a, b) + HistogramDistances.earthMovers(b, c) + 1e-12,
                    "EMD obeys the triangle inequality");
        }
    }

    @Test
    void jensenShannonMatchesItsDefinition() {
        double[] p = {0.5, 0.5, 0};
        double[] q = {0, 0.5, 0.5};
        // m = (0.25, 0.5, 0.25): KL(p||m) = 0.5 ln 2, KL(q||m) = 0.5 ln 2
        assertEquals(0.5 * Math.log(2), HistogramDistances.jensenShannon(p, q), 1e-12);
        assertEquals(-Math.log(0.5), HistogramDistances.bhattacharyya(p, q), 1e-12);
        assertEquals(0.5 * (0.25 / 0.5 + 0 + 0.25 / 0.5), HistogramDistances.chiSquare(p, q), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> HistogramDistances.chiSquare(new double[3], new double[4]));
        assertThrows(IllegalArgumentException.class, () -> HistogramDistances.chiSquare(new double[3], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> HistogramDistances.jensenShannon(new double[] {1, -1, 1}, new double[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> HistogramDistances.earthMovers(new double[] {1, Double.NaN}, new double[] {1, 1}));
    }

    @Test
    void cohensDMatchesTheTextbookFormula() {
        double[] a = {2, 4, 6, 8};
        double[] b = {1, 2, 3};
        // means 5 and 2; SS 20 and 2; pooled sd sqrt(22 / 5)
        assertEquals(3 / Math.sqrt(22.0 / 5), EffectSize.cohensD(a, b), 1e-12);
        assertEquals(-EffectSize.cohensD(a, b), EffectSize.cohensD(b, a), 1e-12);
        assertEquals(0, EffectSize.cohensD(new double[] {1, 1}, new double[] {1, 1}), 0);
        assertEquals(Double.POSITIVE_INFINITY, EffectSize.cohensD(new double[] {2, 2}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> EffectSize.cohensD(new double[] {1}, new double[] {1}));
    }
}
