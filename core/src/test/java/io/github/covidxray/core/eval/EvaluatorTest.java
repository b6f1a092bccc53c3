package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final double EPS = 1e-12;
    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");
    private static final int[] TRUE = {0, 0, 0, 1, 1, 1};
    /** Arg-max: covid, normal, covid, normal, covid, pneumonia. No true pneumonia. */
    private static final double[][] PROBS = {
        {0.7, 0.2, 0.1}, {0.4, 0.5, 0.1}, {0.5, 0.3, 0.2}, {0.2, 0.7, 0.1}, {0.5, 0.4, 0.1}, {0.05, 0.3, 0.65}};

    private static EvaluationReport pointReport() {
        return Evaluator.evaluate(LABELS, TRUE, PROBS, null,
                EvaluationOptions.builder().optBootstrapResamples(0).optCalibrationBins(5).build());
    }

    @Test
    void metricsMatchHandComputedValues() {
        EvaluationReport r = pointReport();
        assertEquals(6, r.n());
        assertEquals(0.5, r.accuracy().value(), EPS);
        assertEquals(0.5, r.balancedAccuracy().value(), EPS);
        assertEquals((2.0 / 3 + 0.4 + 0) / 3, r.macroF1().value(), EPS);
        // covid: positives 0.7, 0.4, 0.5 vs negatives 0.2, 0.5, 0.05 -> 3 + 2 + 2.5 (one tie) of 9
        assertEquals(7.5 / 9, r.metrics("covid").auc().value(), EPS);
        // normal: positives 0.7, 0.4, 0.3 vs negatives 0.2, 0.5, 0.3 -> 3 + 2 + 1.5 (one tie) of 9
        assertEquals(6.5 / 9, r.metrics("normal").auc().value(), EPS);
        assertTrue(Double.isNaN(r.metrics("pneumonia").auc().value()), "no pneumonia cases");
        assertEquals((7.5 / 9 + 6.5 / 9) / 2, r.macroAuc().value(), EPS, "macro over classes with positives");
        ClassMetrics normal = r.metrics("normal");
        assertEquals(3, normal.support());
        assertEquals(2, normal.predicted());
        assertEquals(1.0 / 3, normal.sensitivity().value(), EPS);
        assertEquals(2.0 / 3, normal.specificity().value(), EPS);
        assertEquals(0.5, normal.ppv().value(), EPS);
        assertEquals(0.5, normal.npv().value(), EPS);
        assertEquals(0.4, normal.f1().value(), EPS);
        assertEquals(0.5 / 6 + 0.5 * Math.abs(2.0 / 3 - 2.05 / 3), r.calibration().expectedCalibrationError(), EPS);
        assertArrayEquals(new int[][] {{2, 1, 0}, {1, 1, 1}, {0, 0, 0}}, r.confusion().counts());
    }

    @Test
    void operatingPointDefaultsToCovid() {
        ThresholdChoice op = pointReport().operatingPoint();
        assertEquals("covid", op.label());
        // covid positives 0.7, 0.5, 0.4: 0.95 needs all three -> threshold 0.4, negatives 0.5 called positive
        assertEquals(0.4, op.threshold(), EPS);
        assertEquals(1.0, op.sensitivity(), EPS);
        assertEquals(2.0 / 3, op.specificity(), EPS);
        ThresholdChoice normal = Evaluator.evaluate(LABELS, TRUE, PROBS, null, EvaluationOptions.builder()
                .optBootstrapResamples(0).optPositiveLabel("normal").optTargetSensitivity(0.6).build()).operatingPoint();
        // normal positives 0.7, 0.4, 0.3: two of three reach 0.6 -> threshold 0.4; negative 0.5 above it
        assertEquals("normal", normal.label());
        assertEquals(0.4, normal.threshold(), EPS);
        assertEquals(2.0 / 3, normal.specificity(), EPS);
    }

    @Test
    void jsonHasTheFieldsOfEvaluateJson() throws Exception {
        EvaluationReport r = Evaluator.evaluate(LABELS, TRUE, PROBS, new String[] {"a", "a", "b", "c", "d", "d"},
                EvaluationOptions.builder().optBootstrapResamples(50).build());
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        for (String key : List.of("n", "accuracy", "balanced_accuracy", "macro_f1", "macro_auc", "ece", "labels",
                "confusion", "per_class", "operating_point", "bootstrap")) {
            assertTrue(json.has(key), key);
        }
        assertEquals(6, json.get("n").asInt());
        assertEquals("pneumonia", json.get("labels").get(2).asText());
        assertEquals(1, json.get("confusion").get(1).get(2).asInt(), "row true normal, column predicted pneumonia");
        JsonNode covid = json.get("per_class").get("covid");
        for (String key : List.of("auc", "sensitivity", "specificity", "ppv", "npv", "f1")) {
            assertTrue(covid.get(key).isNumber(), key);
            assertEquals(2, covid.get(key + "_ci").size(), key + "_ci");
        }
        assertTrue(json.get("per_class").get("pneumonia").get("auc").isNull(), "undefined AUC is null, not NaN");
        assertEquals("patient", json.get("bootstrap").get("unit").asText());
        assertEquals(4, json.get("bootstrap").get("units").asInt());
        assertEquals(0.4, json.get("operating_point").get("threshold").asDouble(), EPS);
        assertNull(r.toJsonMap().get("no_such_key"));
    }

    @Test
    void textSummaryShowsMetricsAndMatrix() {
        String text = pointReport().toText();
        assertTrue(text.contains("macro AUC"), text);
        assertTrue(text.contains("0.778"), text);
        assertTrue(text.contains("pneumonia (n=0)"), text);
        assertTrue(text.contains("n/a"), text);
    }

    @Test
    void rejectsInconsistentInput() {
        EvaluationOptions o = EvaluationOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(LABELS, new int[0], new double[0][], null, o));
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(LABELS, TRUE, new double[][] {{1, 0, 0}}, null, o));
        assertTrue(rows.getMessage().contains("expected 6"), rows.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(List.of("a", "b"), new int[] {0}, new double[][] {{0.2, 0.3, 0.5}}, null, o));
        assertTrue(cols.getMessage().contains("probs[0]") && cols.getMessage().contains("expected 2"), cols.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(LABELS, TRUE, PROBS, new String[] {"a"}, o));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(List.of("a", "a"), new int[] {0}, new double[][] {{0.5, 0.5}}, null, o));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(LABELS, TRUE, PROBS, null,
                EvaluationOptions.builder().optPositiveLabel("flu").build()));
        assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.builder().optConfidenceLevel(1).build());
    }
}
