package io.github.covidxray.training;

import java.util.Arrays;
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
 * @param macroAuc mean one-vs-rest ROC-AUC over the classes where it is defined (NaN if none)
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
        Map<String, Double> auc = new LinkedHashMap<>();
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < labels.size(); c++) {
            boolean[] positive = new boolean[n];
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                positive[i] = truth[i] == c;
                score[i] = probabilities[i][c];
            }
            double a = auc(positive, score);
            auc.put(labels.get(c), a);
            if (!Double.isNaN(a)) {
                sum += a;
                defined++;
            }
        }
        return new ValidationMetrics(n, loss, n == 0 ? Double.NaN : correct / (double) n,
                defined == 0 ? Double.NaN : sum / defined, auc);
    }

    /**
     * ROC-AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random
     * negative, ties counting half.
     *
     * @param positive whether each item is a positive
     * @param score each item's score
     * @return the AUC, or NaN without positives or without negatives
     */
    static double auc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
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
