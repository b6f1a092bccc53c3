package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    private static final double EPS = 1e-12;

    /** Positives 0.8, 0.6, 0.4; negatives 0.6, 0.4, 0.2, 0.1: two positive-negative ties. */
    private static RocCurve tiedExample() {
        return RocCurve.of("covid", new boolean[] {true, true, true, false, false, false, false},
                new double[] {0.8, 0.6, 0.4, 0.6, 0.4, 0.2, 0.1});
    }

    @Test
    void aucCountsTiesAsOneHalf() {
        // 12 pairs: 0.8 wins 4; 0.6 wins 3 and ties 1 (3.5); 0.4 wins 2, ties 1, loses 1 (2.5) -> 10 / 12
        assertEquals(10.0 / 12, tiedExample().auc(), EPS);
    }

    @Test
    void curvePointsStepThroughDistinctThresholds() {
        RocCurve roc = tiedExample();
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.8, 0.6, 0.4, 0.2, 0.1}, roc.thresholds());
        assertArrayEquals(new double[] {0, 0, 0.25, 0.5, 0.75, 1}, roc.falsePositiveRates(), EPS);
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1, 1, 1}, roc.truePositiveRates(), EPS);
        assertEquals(3, roc.positives());
        assertEquals(4, roc.negatives());
    }

    @Test
    void perfectAndReversedScoresGiveOneAndZero() {
        boolean[] positive = {true, true, false, false};
        assertEquals(1.0, RocCurve.of("x", positive, new double[] {0.9, 0.8, 0.2, 0.1}).auc(), EPS);
        assertEquals(0.0, RocCurve.of("x", positive, new double[] {0.1, 0.2, 0.8, 0.9}).auc(), EPS);
        assertEquals(0.5, RocCurve.of("x", positive, new double[] {0.5, 0.5, 0.5, 0.5}).auc(), EPS);
    }

    @Test
    void classWithoutPositivesIsUndefined() {
        RocCurve roc = RocCurve.of("pneumonia", new boolean[] {false, false, false}, new double[] {0.1, 0.5, 0.2});
        assertFalse(roc.isDefined());
        assertTrue(Double.isNaN(roc.auc()));
        assertEquals(0, roc.size());
    }

    @Test
    void aucEqualsBruteForcePairCountAndTrapezoidAreaOnRandomTiedScores() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + random.nextInt(60);
            boolean[] positive = new boolean[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                positive[i] = random.nextBoolean();
                // few distinct values so ties are common; positives score a little higher on average
                scores[i] = Math.round((random.nextDouble() + (positive[i] ? 0.3 : 0)) * 5) / 5.0;
            }
            RocCurve roc = RocCurve.of("x", positive, scores);
            if (!roc.isDefined()) {
                continue;
            }
            assertEquals(bruteForceAuc(positive, scores), roc.auc(), 1e-12);
            assertEquals(trapezoid(roc.falsePositiveRates(), roc.truePositiveRates()), roc.auc(), 1e-12);
        }
    }

    @Test
    void oneVsRestUsesTheClassColumn() {
        double[][] probs = {{0.7, 0.3}, {0.4, 0.6}, {0.6, 0.4}, {0.2, 0.8}};
        RocCurve roc = RocCurve.oneVsRest(List.of("a", "b"), new int[] {0, 1, 1, 0}, probs, 1);
        // b positives score 0.6, 0.4; negatives 0.3, 0.8 -> 0.6 beats 0.3; 0.4 beats 0.3 -> 2 of 4
        assertEquals(0.5, roc.auc(), EPS);
        assertEquals("b", roc.label());
    }

    private static double bruteForceAuc(boolean[] positive, double[] scores) {
        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    private static double trapezoid(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }
}
