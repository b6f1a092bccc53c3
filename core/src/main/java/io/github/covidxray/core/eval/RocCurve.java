package io.github.covidxray.core.eval;

import java.util.Arrays;
import java.util.List;

/**
 * A receiver operating characteristic curve of one class against the rest, and its area. Immutable and
 * thread-safe.
 *
 * <p>A sample counts as predicted positive when its score is {@code >= threshold}. The points run from
 * {@code (0, 0)} at threshold {@code +Infinity} through one point per distinct score, highest first,
 * to {@code (1, 1)} at the lowest score; tied scores move the curve diagonally. The AUC is the
 * Mann-Whitney statistic (a tie between a positive and a negative counts one half), which equals the
 * trapezoidal area under these points.
 *
 * <p>When the class has no positive or no negative samples the curve is undefined: the AUC is
 * {@code NaN} and the point arrays are empty ({@link #isDefined()} is false).
 *
 * @param label the class the curve is for
 * @param positives samples of the class
 * @param negatives samples of the other classes
 * @param auc the area under the curve, {@code NaN} when undefined
 * @param falsePositiveRates x coordinates (1 - specificity), non-decreasing
 * @param truePositiveRates y coordinates (sensitivity), non-decreasing
 * @param thresholds the score threshold of each point, decreasing, the first {@code +Infinity}
 */
public record RocCurve(String label, int positives, int negatives, double auc,
        double[] falsePositiveRates, double[] truePositiveRates, double[] thresholds) {

    /** Validates and copies the values. */
    public RocCurve {
        if (falsePositiveRates.length != truePositiveRates.length || thresholds.length != truePositiveRates.length) {
            throw new IllegalArgumentException("expected point arrays of one length, found " + falsePositiveRates.length
                    + ", " + truePositiveRates.length + ", " + thresholds.length);
        }
        falsePositiveRates = falsePositiveRates.clone();
        truePositiveRates = truePositiveRates.clone();
        thresholds = thresholds.clone();
    }

    /**
     * Computes the curve of a binary problem.
     *
     * @param label the name of the positive class
     * @param positive whether each sample is positive
     * @param scores each sample's score for the positive class (higher means more likely positive)
     * @return the curve
     */
    public static RocCurve of(String label, boolean[] positive, double[] scores) {
        return of(label, new RankedScores(positive, scores));
    }

    /**
     * Computes the one-vs-rest curve of one class from class probabilities.
     *
     * @param labels the class names
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}
     * @param classIndex the class to treat as positive
     * @return the curve
     */
    public static RocCurve oneVsRest(List<String> labels, int[] trueIdx, double[][] probs, int classIndex) {
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireIndices(labels.size(), new int[] {classIndex}, "classIndex");
        if (probs.length != trueIdx.length) {
            throw new IllegalArgumentException("expected " + trueIdx.length + " probability rows, found " + probs.length);
        }
        Inputs.requireProbabilities(labels.size(), probs);
        return of(labels.get(classIndex), Inputs.isClass(trueIdx, classIndex), Inputs.column(probs, classIndex));
    }

    static RocCurve of(String label, RankedScores ranked) {
        int p = ranked.positives();
        int n = ranked.negatives();
        if (p == 0 || n == 0) {
            return new RocCurve(label, p, n, Double.NaN, new double[0], new double[0], new double[0]);
        }
        int points = ranked.groups() + 1;
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        double[] thresholds = new double[points];
        thresholds[0] = Double.POSITIVE_INFINITY;
        for (int g = 0; g < ranked.groups(); g++) {
            fpr[g + 1] = (double) ranked.negativesAtOrAbove(g) / n;
            tpr[g + 1] = (double) ranked.positivesAtOrAbove(g) / p;
            thresholds[g + 1] = ranked.groupScore(g);
        }
        return new RocCurve(label, p, n, ranked.auc(null), fpr, tpr, thresholds);
    }

    /** @return whether the class had both positives and negatives, so the curve and AUC exist */
    public boolean isDefined() {
        return positives > 0 && negatives > 0;
    }

    /** @return the number of points */
    public int size() {
        return thresholds.length;
    }

    /** @return a copy of the x coordinates */
    @Override
    public double[] falsePositiveRates() {
        return falsePositiveRates.clone();
    }

    /** @return a copy of the y coordinates */
    @Override
    public double[] truePositiveRates() {
        return truePositiveRates.clone();
    }

    /** @return a copy of the thresholds */
    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Compares all fields by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve other
                && label.equals(other.label)
                && positives == other.positives
                && negatives == other.negatives
                && Double.compare(auc, other.auc) == 0
                && Arrays.equals(falsePositiveRates, other.falsePositiveRates)
                && Arrays.equals(truePositiveRates, other.truePositiveRates)
                && Arrays.equals(thresholds, other.thresholds);
    }

    /** @return a hash of all fields */
    @Override
    public int hashCode() {
        return ((label.hashCode() * 31 + Double.hashCode(auc)) * 31 + Arrays.hashCode(thresholds)) * 31
                + Arrays.hashCode(truePositiveRates);
    }

    /** @return a summary without the points */
    @Override
    public String toString() {
        return "RocCurve[" + label + ", positives=" + positives + ", negatives=" + negatives + ", auc=" + auc
                + ", points=" + thresholds.length + "]";
    }
}
