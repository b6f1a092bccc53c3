package io.github.covidxray.histogram.audit;

import java.util.Arrays;

/**
 * The area under the ROC curve of scores for a binary outcome, computed exactly as the Mann-Whitney U
 * statistic: the probability that a random positive scores higher than a random negative, counting ties
 * as one half (mid-ranks). {@code O(n log n)}. Stateless and thread-safe.
 */
public final class RocAuc {

    private RocAuc() {}

    /**
     * Computes the ROC-AUC.
     *
     * @param scores one score per case, higher meaning "more likely positive"; no NaN
     * @param positive whether each case is positive
     * @return the AUC in {@code [0, 1]}; 0.5 for uninformative scores
     * @throws IllegalArgumentException if lengths differ, a score is NaN, or there is no positive or no
     *     negative case
     */
    public static double auc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("expected one label per score: " + scores.length + " scores, "
                    + positive.length + " labels");
        }
        int n = scores.length;
        long nPos = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (positive[i]) {
                nPos++;
            }
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            throw new IllegalArgumentException("AUC needs positive and negative cases; found " + nPos
                    + " positive and " + nNeg + " negative");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // Sum of the positives' mid-ranks (1-based); a run of tied scores shares the average rank.
        double rankSumPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPos += midRank;
                }
            }
            i = j + 1;
        }
        double u = rankSumPos - nPos * (nPos + 1) / 2.0;
        return u / ((double) nPos * nNeg);
    }
}
