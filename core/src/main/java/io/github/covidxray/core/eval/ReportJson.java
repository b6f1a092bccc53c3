package io.github.covidxray.core.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an {@link EvaluationReport} into the JSON structure of {@code evaluate --json}. */
final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {}

    static Map<String, Object> toMap(EvaluationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", r.n());
        m.put("labels", r.labels());
        putEstimate(m, "accuracy", r.accuracy());
        putEstimate(m, "balanced_accuracy", r.balancedAccuracy());
        putEstimate(m, "macro_f1", r.macroF1());
        putEstimate(m, "macro_auc", r.macroAuc());
        m.put("ece", number(r.calibration().expectedCalibrationError()));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassMetrics c : r.perClass()) {
            perClass.put(c.label(), classMap(c));
        }
        m.put("per_class", perClass);
        m.put("confusion", confusion(r.confusion()));
        m.put("operating_point", operatingPoint(r.operatingPoint()));
        m.put("calibration", calibration(r.calibration()));
        m.put("bootstrap", bootstrap(r.bootstrap()));
        return m;
    }

    static String write(Map<String, Object> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the evaluation report", e);
        }
    }

    private static Map<String, Object> classMap(ClassMetrics c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", c.support());
        m.put("predicted", c.predicted());
        putEstimate(m, "auc", c.auc());
        putEstimate(m, "sensitivity", c.sensitivity());
        putEstimate(m, "specificity", c.specificity());
        putEstimate(m, "ppv", c.ppv());
        putEstimate(m, "npv", c.npv());
        putEstimate(m, "f1", c.f1());
        return m;
    }

    private static List<List<Integer>> confusion(ConfusionMatrix cm) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : cm.counts()) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return rows;
    }

    private static Map<String, Object> operatingPoint(ThresholdChoice op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", op.label());
        m.put("target_sensitivity", number(op.targetSensitivity()));
        m.put("threshold", number(op.threshold()));
        m.put("sensitivity", number(op.sensitivity()));
        m.put("specificity", number(op.specificity()));
        m.put("ppv", number(op.ppv()));
        m.put("npv", number(op.npv()));
        m.put("tp", op.truePositives());
        m.put("fn", op.falseNegatives());
        m.put("tn", op.trueNegatives());
        m.put("fp", op.falsePositives());
        return m;
    }

    private static Map<String, Object> calibration(Calibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bins", c.bins());
        m.put("ece", number(c.expectedCalibrationError()));
        m.put("mce", number(c.maxCalibrationError()));
        return m;
    }

    static Map<String, Object> bootstrap(BootstrapSummary b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resamples", b.resamples());
        m.put("seed", b.seed());
        m.put("confidence_level", b.confidenceLevel());
        m.put("unit", b.unit());
        m.put("units", b.units());
        return m;
    }

    static void putEstimate(Map<String, Object> m, String key, Estimate e) {
        m.put(key, number(e.value()));
        m.put(key + "_ci", e.hasInterval() ? Arrays.asList(e.lower(), e.upper()) : null);
    }

    /** JSON has no NaN or infinity; an undefined metric is null. */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
