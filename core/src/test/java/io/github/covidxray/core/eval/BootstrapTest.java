package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    @Test
    void patientResamplingKeepsClustersTogether() {
        String[] ids = {"p1", "p1", "p2", "p3", "p3", "p3", null, "p2"};
        BootstrapResampler resampler = new BootstrapResampler(ids.length, ids, 3);
        assertTrue(resampler.isClustered());
        assertEquals(4, resampler.units(), "p1, p2, p3 and the image without id");
        for (int b = 0; b < 200; b++) {
            int[] w = resampler.nextWeights();
            assertEquals(w[0], w[1], "p1");
            assertEquals(w[2], w[7], "p2");
            assertEquals(w[3], w[4], "p3");
            assertEquals(w[3], w[5], "p3");
            assertEquals(4, w[0] + w[2] + w[3] + w[6], "one draw per cluster");
        }
    }

    @Test
    void imageResamplingDrawsNImages() {
        BootstrapResampler resampler = new BootstrapResampler(10, null, 3);
        assertFalse(resampler.isClustered());
        for (int b = 0; b < 50; b++) {
            assertEquals(10, Arrays.stream(resampler.nextWeights()).sum());
        }
    }

    @Test
    void sameSeedGivesSameResamples() {
        BootstrapResampler a = new BootstrapResampler(20, null, 11);
        BootstrapResampler b = new BootstrapResampler(20, null, 11);
        BootstrapResampler c = new BootstrapResampler(20, null, 12);
        int[] first = a.nextWeights();
        assertArrayEquals(first, b.nextWeights());
        assertFalse(Arrays.equals(first, c.nextWeights()));
    }

    @Test
    void percentileIntervalInterpolatesBetweenOrderStatistics() {
        double[] values = new double[101];
        for (int i = 0; i < values.length; i++) {
            values[100 - i] = i; // unsorted on purpose
        }
        assertArrayEquals(new double[] {5, 95}, Percentiles.interval(values, 0.9), 1e-12);
        // 4 values, q = 0.025: h = 0.075 -> 1 + 0.075 * (2 - 1)
        assertArrayEquals(new double[] {1.075, 3.925},
                Percentiles.interval(new double[] {4, Double.NaN, 2, 1, 3}, 0.95), 1e-12);
    }

    @Test
    void intervalsContainPointEstimatesAndAreReproducible() {
        SyntheticPredictions data = SyntheticPredictions.generate(300, 3, 1.5, 5);
        EvaluationOptions options = EvaluationOptions.builder().optBootstrapResamples(300).optSeed(9).build();
        EvaluationReport report = Evaluator.evaluate(LABELS, data.trueIdx(), data.probs(), null, options);
        List<Estimate> all = new java.util.ArrayList<>(List.of(report.accuracy(), report.balancedAccuracy(),
                report.macroF1(), report.macroAuc()));
        for (ClassMetrics c : report.perClass()) {
            all.addAll(List.of(c.auc(), c.sensitivity(), c.specificity(), c.ppv(), c.npv(), c.f1()));
        }
        for (Estimate e : all) {
            assertTrue(e.contains(e.value()), e.toString());
            assertTrue(e.upper() - e.lower() > 0.005 && e.upper() - e.lower() < 0.3, "plausible width: " + e);
        }
        EvaluationReport again = Evaluator.evaluate(LABELS, data.trueIdx(), data.probs(), null, options);
        assertEquals(report.toJsonMap(), again.toJsonMap());
        EvaluationReport otherSeed = Evaluator.evaluate(LABELS, data.trueIdx(), data.probs(), null,
                EvaluationOptions.builder().optBootstrapResamples(300).optSeed(10).build());
        assertNotEquals(report.accuracy(), otherSeed.accuracy());
        assertEquals(report.accuracy().value(), otherSeed.accuracy().value());
    }

    @Test
    void patientResamplingWidensIntervalsWhenImagesOfAPatientAreCorrelated() {
        // 60 patients with 5 identical images each: only 60 independent observations, not 300
        SyntheticPredictions base = SyntheticPredictions.generate(60, 3, 1.0, 21);
        int copies = 5;
        int n = 60 * copies;
        int[] trueIdx = new int[n];
        double[][] probs = new double[n][];
        String[] patients = new String[n];
        for (int i = 0; i < n; i++) {
            trueIdx[i] = base.trueIdx()[i / copies];
            probs[i] = base.probs()[i / copies];
            patients[i] = "patient-" + (i / copies);
        }
        EvaluationOptions options = EvaluationOptions.builder().optBootstrapResamples(400).build();
        EvaluationReport byImage = Evaluator.evaluate(LABELS, trueIdx, probs, null, options);
        EvaluationReport byPatient = Evaluator.evaluate(LABELS, trueIdx, probs, patients, options);
        assertEquals(byImage.accuracy().value(), byPatient.accuracy().value());
        assertTrue(byPatient.bootstrap().byPatient());
        assertEquals(60, byPatient.bootstrap().units());
        assertEquals(n, byImage.bootstrap().units());
        // expected ratio of widths is about sqrt(5) = 2.2
        double ratio = width(byPatient.accuracy()) / width(byImage.accuracy());
        assertTrue(ratio > 1.6 && ratio < 3.2, "width ratio " + ratio);
        double aucRatio = width(byPatient.macroAuc()) / width(byImage.macroAuc());
        assertTrue(aucRatio > 1.6 && aucRatio < 3.2, "macro AUC width ratio " + aucRatio);
    }

    @Test
    void zeroResamplesGivesPointEstimatesOnly() {
        SyntheticPredictions data = SyntheticPredictions.generate(30, 3, 1.0, 1);
        EvaluationReport report = Evaluator.evaluate(LABELS, data.trueIdx(), data.probs(), null,
                EvaluationOptions.builder().optBootstrapResamples(0).build());
        assertFalse(report.accuracy().hasInterval());
        assertFalse(Double.isNaN(report.accuracy().value()));
    }

    private static double width(Estimate e) {
        return e.upper() - e.lower();
    }
}
