package io.github.covidxray.training;

import io.github.covidxray.core.eval.RocCurve;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the model did on the validation set after an epoch. Immutable.
 *
 * @param n number of validation images
 * @param loss mean (unweighted) cross-entropy
 * @param accuracy share of images whose top class is right
 * @param macroAuc mean one-vs-rest ROC-AUC ({@link RocCurve}) over the classes where it is defined (NaN if none)
 * @param auc one-vs-rest ROC-AUC per label, NaN for a class without positives or negatives
 */
public record ValidationMetrics(int n, double loss, double accuracy, double macroAuc, Map<String, Double> auc) {

    /** Makes the map unmodifiable and ordered. */
    public ValidationMetrics {
        auc = Collections.unmodifiableMap(new LinkedHashMap<>(auc));
    }

    /**
     * Computes the metrics from softmax probabilities.
     *
     * @param labels class labels in output order
     * @param probabilities one row per image
     * @param truth the true class index per image
     * @param loss the mean cross-entropy
     * @return the metrics
     */
    static ValidationMetrics of(List<String> labels, float[][] probabilities, int[] truth, double loss) {
        int n = truth.length;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (argmax(probabilities[i]) == truth[i]) {
                correct++;
            }
        }
        double[][] probs = new double[n][];
        for (int i = 0; i < n; i++) {
            probs[i] = new double[labels.size()];
            for (int c = 0; c < labels.size(); c++) {
                probs[i][c] = probabilities[i][c];
            }
        }
        Map<String, Double> auc = new LinkedHashMap<>();
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < labels.size(); c++) {
            double a = RocCurve.oneVsRest(labels, truth, probs, c).auc();
            auc.put(labels.get(c), a);
            if (!Double.isNaN(a)) {
                sum += a;
                defined++;
            }
        }
        return new ValidationMetrics(n, loss, n == 0 ? Double.NaN : correct / (double) n,
                defined == 0 ? Double.NaN : sum / defined, auc);
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the values as JSON-friendly map (NaN written as null) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("loss", finite(loss));
        m.put("accuracy", finite(accuracy));
        m.put("macro_auc", finite(macroAuc));
        Map<String, Object> perClass = new LinkedHashMap<>();
        auc.forEach((k, v) -> perClass.put(k, finite(v)));
        m.put("auc", perClass);
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
