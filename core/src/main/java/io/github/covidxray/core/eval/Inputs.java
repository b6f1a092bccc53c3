package io.github.covidxray.core.eval;

import java.util.HashSet;
import java.util.List;

/** Input checks and small array helpers shared by the metric classes. */
final class Inputs {

    /** Softmax outputs computed in float sum to 1 within about 1e-6; this allows for that and more. */
    static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

    private Inputs() {}

    static void requireLabels(List<String> labels) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 labels, found " + labels.size());
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels must be distinct, found " + labels);
        }
    }

    static void requireIndices(int numClasses, int[] indices, String name) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= numClasses) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected a class index in [0, "
                        + numClasses + "), found " + indices[i]);
            }
        }
    }

    /** Checks that each row holds {@code numClasses} probabilities in [0, 1] summing to 1. */
    static void requireProbabilities(int numClasses, double[][] probs) {
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] == null || probs[i].length != numClasses) {
                throw new IllegalArgumentException("probs[" + i + "]: expected " + numClasses + " probabilities, found "
                        + (probs[i] == null ? "null" : probs[i].length));
            }
            double sum = 0;
            for (double p : probs[i]) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("probs[" + i + "]: expected probabilities in [0, 1], found " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probs[" + i + "]: expected probabilities summing to 1, found sum " + sum);
            }
        }
    }

    /** @return per row, the index of the largest value (the lowest index on ties) */
    static int[] argmax(double[][] probs) {
        int[] pred = new int[probs.length];
        for (int i = 0; i < probs.length; i++) {
            int best = 0;
            for (int c = 1; c < probs[i].length; c++) {
                if (probs[i][c] > probs[i][best]) {
                    best = c;
                }
            }
            pred[i] = best;
        }
        return pred;
    }

    static boolean[] isClass(int[] trueIdx, int c) {
        boolean[] positive = new boolean[trueIdx.length];
        for (int i = 0; i < trueIdx.length; i++) {
            positive[i] = trueIdx[i] == c;
        }
        return positive;
    }

    static double[] column(double[][] probs, int c) {
        double[] scores = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            scores[i] = probs[i][c];
        }
        return scores;
    }

    static void requireScores(boolean[] positive, double[] scores) {
        if (positive.length != scores.length) {
            throw new IllegalArgumentException("expected as many scores as labels (" + positive.length + "), found "
                    + scores.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "]: expected a number, found NaN");
            }
        }
    }

    /** @return numerator / denominator, or NaN when the denominator is 0 */
    static double ratio(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** @return the mean of the values that are not NaN, or NaN when all are */
    static double meanIgnoringNaN(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
