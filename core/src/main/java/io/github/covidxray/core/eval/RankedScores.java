package io.github.covidxray.core.eval;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Binary scores sorted once, highest first, with their groups of tied scores: the basis of ROC curves,
 * rank AUC and operating points. Sorting once lets the bootstrap recompute the AUC of each resample in
 * linear time from sample multiplicities. Immutable after construction.
 */
final class RankedScores {

    private final int[] order;
    private final boolean[] positiveSorted;
    private final double[] groupScore;
    /** Exclusive end, in sorted position, of each tie group. */
    private final int[] groupEnd;
    private final int[] cumulativePositives;
    private final int[] cumulativeNegatives;

    RankedScores(boolean[] positive, double[] scores) {
        Inputs.requireScores(positive, scores);
        int n = scores.length;
        order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
        positiveSorted = new boolean[n];
        int groups = 0;
        for (int j = 0; j < n; j++) {
            positiveSorted[j] = positive[order[j]];
            if (j == 0 || scores[order[j]] != scores[order[j - 1]]) {
                groups++;
            }
        }
        groupScore = new double[groups];
        groupEnd = new int[groups];
        cumulativePositives = new int[groups];
        cumulativeNegatives = new int[groups];
        int g = -1;
        int pos = 0;
        int neg = 0;
        for (int j = 0; j < n; j++) {
            double s = scores[order[j]];
            if (j == 0 || s != groupScore[g]) {
                g++;
                groupScore[g] = s;
            }
            if (positiveSorted[j]) {
                pos++;
            } else {
                neg++;
            }
            groupEnd[g] = j + 1;
            cumulativePositives[g] = pos;
            cumulativeNegatives[g] = neg;
        }
    }

    int positives() {
        return groupEnd.length == 0 ? 0 : cumulativePositives[groupEnd.length - 1];
    }

    int negatives() {
        return groupEnd.length == 0 ? 0 : cumulativeNegatives[groupEnd.length - 1];
    }

    /** @return the number of distinct scores */
    int groups() {
        return groupEnd.length;
    }

    /** @return the score shared by tie group {@code g} (groups run from highest to lowest score) */
    double groupScore(int g) {
        return groupScore[g];
    }

    /** @return positives scoring at least {@link #groupScore(int)} */
    int positivesAtOrAbove(int g) {
        return cumulativePositives[g];
    }

    /** @return negatives scoring at least {@link #groupScore(int)} */
    int negativesAtOrAbove(int g) {
        return cumulativeNegatives[g];
    }

    /**
     * The Mann-Whitney AUC: the probability that a random positive scores above a random negative, ties
     * counting one half. Equals the trapezoidal area under the ROC curve.
     *
     * @param weights multiplicity of each sample by original index, or null for once each
     * @return the AUC, {@code NaN} when the (weighted) samples lack positives or negatives
     */
    double auc(int[] weights) {
        double pairsWon = 0;
        double negativesBelow = 0;
        double positivesTotal = 0;
        int start = positiveSorted.length;
        for (int g = groupEnd.length - 1; g >= 0; g--) {
            int end = start;
            start = g == 0 ? 0 : groupEnd[g - 1];
            double groupPositives = 0;
            double groupNegatives = 0;
            for (int j = start; j < end; j++) {
                int w = weights == null ? 1 : weights[order[j]];
                if (positiveSorted[j]) {
                    groupPositives += w;
                } else {
                    groupNegatives += w;
                }
            }
            pairsWon += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positivesTotal += groupPositives;
        }
        if (positivesTotal == 0 || negativesBelow == 0) {
            return Double.NaN;
        }
        return pairsWon / (positivesTotal * negativesBelow);
    }

    @Override
    public String toString() {
        return "RankedScores[n=" + order.length + ", distinct scores=" + groupScore.length + "]";
    }
}
