package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final double EPS = 1e-12;
    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    /** True: covid x3, normal x3, no pneumonia. Predicted: covid, normal, covid, normal, covid, pneumonia. */
    private static ConfusionMatrix example() {
        return ConfusionMatrix.of(LABELS, new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 1, 0, 1, 0, 2});
    }

    @Test
    void countsRowsAreTrueColumnsArePredicted() {
        assertArrayEquals(new int[][] {{2, 1, 0}, {1, 1, 1}, {0, 0, 0}}, example().counts());
        assertEquals(6, example().total());
    }

    @Test
    void perClassMetricsMatchHandComputedValues() {
        ConfusionMatrix cm = example();
        // covid: TP 2, FN 1, FP 1, TN 2
        assertEquals(2, cm.truePositives(0));
        assertEquals(1, cm.falseNegatives(0));
        assertEquals(1, cm.falsePositives(0));
        assertEquals(2, cm.trueNegatives(0));
        assertEquals(2.0 / 3, cm.sensitivity(0), EPS);
        assertEquals(2.0 / 3, cm.specificity(0), EPS);
        assertEquals(2.0 / 3, cm.ppv(0), EPS);
        assertEquals(2.0 / 3, cm.npv(0), EPS);
        assertEquals(2.0 / 3, cm.f1(0), EPS);
        // normal: TP 1, FN 2, FP 1, TN 2
        assertEquals(1.0 / 3, cm.sensitivity(1), EPS);
        assertEquals(2.0 / 3, cm.specificity(1), EPS);
        assertEquals(0.5, cm.ppv(1), EPS);
        assertEquals(0.5, cm.npv(1), EPS);
        assertEquals(0.4, cm.f1(1), EPS);
    }

    @Test
    void classWithoutPositivesHasUndefinedSensitivityButDefinedRest() {
        ConfusionMatrix cm = example();
        assertTrue(Double.isNaN(cm.sensitivity(2)), "no pneumonia cases: sensitivity undefined");
        assertEquals(5.0 / 6, cm.specificity(2), EPS);
        assertEquals(0.0, cm.ppv(2), EPS);
        assertEquals(1.0, cm.npv(2), EPS);
        assertEquals(0.0, cm.f1(2), EPS, "predicted once, never right: F1 is 0, not undefined");
    }

    @Test
    void classNeverPredictedHasUndefinedPpv() {
        ConfusionMatrix cm = ConfusionMatrix.of(List.of("a", "b"), new int[] {0, 1, 1}, new int[] {1, 1, 1});
        assertTrue(Double.isNaN(cm.ppv(0)));
        assertEquals(0.0, cm.f1(0), EPS);
        assertTrue(Double.isNaN(cm.npv(1)), "b always predicted: no negative calls");
    }

    @Test
    void averagesSkipUndefinedClasses() {
        ConfusionMatrix cm = example();
        assertEquals(0.5, cm.accuracy(), EPS);
        assertEquals((2.0 / 3 + 1.0 / 3) / 2, cm.balancedAccuracy(), EPS);
        assertEquals((2.0 / 3 + 0.4 + 0.0) / 3, cm.macroF1(), EPS);
        ConfusionMatrix absent = ConfusionMatrix.of(LABELS, new int[] {0, 1}, new int[] {0, 0});
        assertTrue(Double.isNaN(absent.f1(2)), "pneumonia neither present nor predicted");
        assertEquals((2.0 / 3 + 0.0) / 2, absent.macroF1(), EPS);
    }

    @Test
    void fromProbabilitiesBreaksTiesTowardsLowerIndex() {
        ConfusionMatrix cm = ConfusionMatrix.fromProbabilities(List.of("a", "b"), new int[] {1, 1},
                new double[][] {{0.5, 0.5}, {0.2, 0.8}});
        assertArrayEquals(new int[][] {{0, 0}, {1, 1}}, cm.counts());
    }

    @Test
    void isImmutable() {
        int[][] counts = {{1, 2}, {3, 4}};
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b"), counts);
        counts[0][0] = 99;
        cm.counts()[0][1] = 99;
        assertEquals(1, cm.count(0, 0));
        assertEquals(2, cm.count(0, 1));
        assertEquals(cm, new ConfusionMatrix(List.of("a", "b"), new int[][] {{1, 2}, {3, 4}}));
    }

    @Test
    void rejectsBadInputNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(LABELS, new int[] {0, 3}, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("trueIdx[1]") && e.getMessage().contains("found 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(LABELS, new int[] {0}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a", "b"), new int[][] {{1}}));
    }
}
