package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final List<String> LABELS = List.of("covid", "normal");
    private static final EvaluationOptions OPTIONS = EvaluationOptions.builder().optBootstrapResamples(500).build();

    /** Two classes, n images; the informed model's covid score separates them with some noise. */
    private static double[][] scores(int[] truth, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] p = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            double covid = 1 / (1 + Math.exp(-((truth[i] == 0 ? 1 : -1) + noise * rng.nextGaussian())));
            p[i] = new double[] {covid, 1 - covid};
        }
        return p;
    }

    private static int[] truth(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 3 == 0 ? 0 : 1;
        }
        return t;
    }

    @Test
    void aModelComparedWithItselfDiffersByExactlyZero() {
        int[] truth = truth(120);
        double[][] p = scores(truth, 1.0, 1);
        PairedComparison c = PairedComparison.of(LABELS, truth, p, p, null, OPTIONS);
        assertEquals(0, c.macro().value());
        assertEquals(0, c.macro().lower());
        assertEquals(0, c.macro().upper());
        assertFalse(c.anyDifferenceShown());
    }

    @Test
    void aClearlyBetterModelShowsAPositiveDifferenceWhoseIntervalExcludesZero() {
        int[] truth = truth(150);
        double[][] weak = scores(truth, 3.0, 2);
        double[][] strong = scores(truth, 0.3, 3);
        PairedComparison c = PairedComparison.of(LABELS, truth, weak, strong, null, OPTIONS);
        Estimate covid = c.difference("covid");
        assertTrue(covid.value() > 0.2, covid.toString());
        assertTrue(covid.lower() > 0, covid.toString());
        assertTrue(c.anyDifferenceShown());
        PairedComparison reversed = PairedComparison.of(LABELS, truth, strong, weak, null, OPTIONS);
        assertEquals(-covid.value(), reversed.difference("covid").value(), 1e-12);
    }

    @Test
    void pairingNarrowsTheIntervalComparedWithTheModelsOwnIntervals() {
        // Two nearly identical models: their own AUC intervals are wide, the paired difference's is narrow.
        int[] truth = truth(150);
        double[][] a = scores(truth, 1.5, 4);
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            double covid = Math.min(1, a[i][0] * 1.01);
            b[i] = new double[] {covid, 1 - covid};
        }
        PairedComparison c = PairedComparison.of(LABELS, truth, a, b, null, OPTIONS);
        EvaluationReport alone = Evaluator.evaluate(LABELS, truth, a, null, OPTIONS);
        Estimate own = alone.metrics("covid").auc();
        Estimate diff = c.difference("covid");
        assertTrue(diff.upper() - diff.lower() < (own.upper() - own.lower()) / 5, diff + " vs " + own);
    }

    @Test
    void patientsAreResampledTogether() {
        int[] truth = truth(90);
        String[] patients = new String[90];
        for (int i = 0; i < 90; i++) {
            patients[i] = "p" + (i / 3);
        }
        PairedComparison c = PairedComparison.of(LABELS, truth, scores(truth, 2, 5), scores(truth, 1, 6), patients, OPTIONS);
        assertTrue(c.bootstrap().byPatient());
        assertEquals(30, c.bootstrap().units());
    }

    @Test
    void mismatchedRowsAreRefused() {
        int[] truth = truth(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.of(LABELS, truth, scores(truth, 1, 1), scores(truth(9), 1, 1), null, OPTIONS));
        assertTrue(e.getMessage().contains("10"), e.getMessage());
    }
}
