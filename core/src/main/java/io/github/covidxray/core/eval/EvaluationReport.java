package io.github.covidxray.core.eval;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link Evaluator#evaluate}: metrics with bootstrap confidence intervals, the confusion
 * matrix, ROC curves, calibration and an operating point. Immutable and thread-safe.
 *
 * <p>Sensitivity, specificity, PPV, NPV, F1, accuracy, balanced accuracy and macro F1 are of the arg-max
 * prediction; AUCs and the operating point use the probabilities. {@code macroAuc} is the mean AUC over
 * the classes that have both positives and negatives.
 *
 * @param labels the class names, in index order
 * @param n the number of evaluated samples
 * @param accuracy the fraction of correct arg-max predictions
 * @param balancedAccuracy the mean sensitivity over classes present
 * @param macroF1 the mean F1 over classes present or predicted
 * @param macroAuc the mean one-vs-rest ROC-AUC over classes with positives and negatives
 * @param perClass one entry per label, in label order
 * @param confusion rows = true label, columns = predicted label
 * @param rocCurves one one-vs-rest curve per label, in label order
 * @param calibration top-label calibration
 * @param operatingPoint the threshold on the positive class's probability reaching the target sensitivity
 * @param bootstrap how the intervals were made
 */
public record EvaluationReport(List<String> labels, int n, Estimate accuracy, Estimate balancedAccuracy,
        Estimate macroF1, Estimate macroAuc, List<ClassMetrics> perClass, ConfusionMatrix confusion,
        List<RocCurve> rocCurves, Calibration calibration, ThresholdChoice operatingPoint,
        BootstrapSummary bootstrap) {

    /** Copies the lists. */
    public EvaluationReport {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
        rocCurves = List.copyOf(rocCurves);
    }

    /**
     * @param label a class name
     * @return that class's metrics
     * @throws IllegalArgumentException if the label is not one of {@link #labels()}
     */
    public ClassMetrics metrics(String label) {
        int c = labels.indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException("label: expected one of " + labels + ", found " + label);
        }
        return perClass.get(c);
    }

    /**
     * The report as the nested maps and lists of the {@code evaluate --json} output, keys in snake_case
     * and in a stable order. Undefined values ({@code NaN}) become {@code null}; each estimate {@code x}
     * has its interval as {@code x_ci: [lower, upper]} ({@code null} without one). ROC curve points are
     * left out (they are drawn as plots).
     *
     * @return maps, lists, strings, numbers and nulls that any JSON library can write
     */
    public Map<String, Object> toJsonMap() {
        return ReportJson.toMap(this);
    }

    /** @return {@link #toJsonMap()} as one line of JSON */
    public String toJson() {
        return ReportJson.write(toJsonMap());
    }

    /** @return a human-readable multi-line summary with intervals and the confusion matrix */
    public String toText() {
        return ReportText.format(this);
    }
}
