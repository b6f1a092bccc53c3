package io.github.covidxray.core.eval;

import java.util.List;

/**
 * A decision threshold on the probability of one class and what it yields: a sample is called positive
 * when its probability is {@code >= threshold}. Immutable and thread-safe.
 *
 * <p>{@link #forTargetSensitivity} picks the <em>largest</em> threshold whose sensitivity reaches the
 * target, which is the one with the best specificity among those that meet it. A threshold picked on the
 * data it is then measured on is optimistic: pick it on validation data and measure it on held-out data
 * with {@link #atThreshold}. {@link OperatingPoints#choose} turns a choice into the point a model bundle's card
 * stores.
 *
 * @param label the positive class
 * @param targetSensitivity the sensitivity asked for, {@code NaN} for a point made from a given threshold
 * @param threshold the probability threshold; {@code NaN} when there are no positives to reach a target
 *     with (then every sample counts as negative)
 * @param truePositives positives at or above the threshold
 * @param falseNegatives positives below it
 * @param trueNegatives negatives below it
 * @param falsePositives negatives at or above it
 */
public record ThresholdChoice(String label, double targetSensitivity, double threshold,
        int truePositives, int falseNegatives, int trueNegatives, int falsePositives) {

    /** Guards {@code tp >= target * positives} against the rounding of {@code target * positives}. */
    private static final double TARGET_TOLERANCE = 1e-9;

    /**
     * Finds the largest threshold whose sensitivity is at least {@code target}.
     *
     * @param label the positive class
     * @param positive whether each sample is positive
     * @param scores each sample's probability of the positive class
     * @param target the sensitivity to reach, in (0, 1]
     * @return the operating point; its threshold is {@code NaN} when there are no positives
     */
    public static ThresholdChoice forTargetSensitivity(String label, boolean[] positive, double[] scores, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target sensitivity: expected a value in (0, 1], found " + target);
        }
        RankedScores ranked = new RankedScores(positive, scores);
        double threshold = Double.NaN;
        double needed = target * ranked.positives() - TARGET_TOLERANCE;
        if (ranked.positives() > 0) {
            for (int g = 0; g < ranked.groups(); g++) {
                if (ranked.positivesAtOrAbove(g) >= needed) {
                    threshold = ranked.groupScore(g);
                    break;
                }
            }
        }
        return count(label, target, threshold, positive, scores);
    }

    /**
     * Finds, for one class of a multi-class problem, the largest threshold reaching {@code target}.
     *
     * @param labels the class names
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}
     * @param classIndex the positive class
     * @param target the sensitivity to reach, in (0, 1]
     * @return the operating point
     */
    public static ThresholdChoice forTargetSensitivity(List<String> labels, int[] trueIdx, double[][] probs,
            int classIndex, double target) {
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireIndices(labels.size(), new int[] {classIndex}, "classIndex");
        return forTargetSensitivity(labels.get(classIndex), Inputs.isClass(trueIdx, classIndex),
                Inputs.column(probs, classIndex), target);
    }

    /**
     * Measures a given threshold, for example one chosen on validation data.
     *
     * @param label the positive class
     * @param positive whether each sample is positive
     * @param scores each sample's probability of the positive class
     * @param threshold samples with a score {@code >= threshold} count as positive
     * @return the operating point, with {@code targetSensitivity} {@code NaN}
     */
    public static ThresholdChoice atThreshold(String label, boolean[] positive, double[] scores, double threshold) {
        Inputs.requireScores(positive, scores);
        return count(label, Double.NaN, threshold, positive, scores);
    }

    /**
     * Measures a given threshold on one class of a multi-class problem.
     *
     * @param labels the class names
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}
     * @param classIndex the positive class
     * @param threshold samples with {@code probs[i][classIndex] >= threshold} count as positive
     * @return the operating point, with {@code targetSensitivity} {@code NaN}
     */
    public static ThresholdChoice atThreshold(List<String> labels, int[] trueIdx, double[][] probs, int classIndex,
            double threshold) {
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireIndices(labels.size(), new int[] {classIndex}, "classIndex");
        return atThreshold(labels.get(classIndex), Inputs.isClass(trueIdx, classIndex),
                Inputs.column(probs, classIndex), threshold);
    }

    private static ThresholdChoice count(String label, double target, double threshold, boolean[] positive,
            double[] scores) {
        int tp = 0;
        int fn = 0;
        int tn = 0;
        int fp = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean called = scores[i] >= threshold;
            if (positive[i]) {
                if (called) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (called) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ThresholdChoice(label, target, threshold, tp, fn, tn, fp);
    }

    /** @return whether a threshold was found (false when there were no positives) */
    public boolean isDefined() {
        return !Double.isNaN(threshold);
    }

    /** @return TP / (TP + FN), {@code NaN} without positives */
    public double sensitivity() {
        return Inputs.ratio(truePositives, truePositives + falseNegatives);
    }

    /** @return TN / (TN + FP): the specificity this threshold costs; {@code NaN} without negatives */
    public double specificity() {
        return Inputs.ratio(trueNegatives, trueNegatives + falsePositives);
    }

    /** @return TP / (TP + FP), {@code NaN} when nothing is called positive */
    public double ppv() {
        return Inputs.ratio(truePositives, truePositives + falsePositives);
    }

    /** @return TN / (TN + FN), {@code NaN} when nothing is called negative */
    public double npv() {
        return Inputs.ratio(trueNegatives, trueNegatives + falseNegatives);
    }
}
