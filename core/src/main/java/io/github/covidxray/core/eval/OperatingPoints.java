package io.github.covidxray.core.eval;

import io.github.covidxray.core.model.OperatingPoint;
import java.util.List;

/**
 * The rule by which a model's operating point is chosen and stored: the largest threshold on
 * P({@code label}) that keeps the class's sensitivity at the target on labelled validation data (the one
 * with the best specificity among those that reach it, {@link ThresholdChoice#forTargetSensitivity}),
 * stored <em>halfway</em> between the lowest score that must be flagged and the next lower score in the data.
 * On these data the counts are the same as at the boundary score itself, but the about-1e-7 differences
 * between engines (ONNX Runtime vs PyTorch) or between training-time and bundle inference cannot flip the
 * boundary case. The training module and the CLI's {@code threshold} command both use it. Stateless.
 */
public final class OperatingPoints {

    private OperatingPoints() {}

    /**
     * Chooses the operating point on scored validation data (never the test data: a threshold picked on the
     * data it is measured on is optimistic).
     *
     * @param labels the model's classes, in output order
     * @param trueIndex the true class index of each sample
     * @param probabilities {@code probabilities[sample][class]}
     * @param label the class to flag, for example {@code covid}
     * @param targetSensitivity the sensitivity to keep, in (0, 1]
     * @return the point, with the sensitivity and specificity it has on these data
     * @throws IllegalArgumentException if {@code label} is not a class, the data have no case of it, or the
     *     target is outside (0, 1]
     */
    public static OperatingPoint choose(List<String> labels, int[] trueIndex, double[][] probabilities, String label,
            double targetSensitivity) {
        int c = labels.indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException("no class '" + label + "' to choose an operating point for; classes are "
                    + labels);
        }
        ThresholdChoice choice = ThresholdChoice.forTargetSensitivity(labels, trueIndex, probabilities, c,
                targetSensitivity);
        if (!choice.isDefined()) {
            throw new IllegalArgumentException("no '" + label + "' case among the " + trueIndex.length
                    + " samples to choose an operating point on");
        }
        double below = Double.NEGATIVE_INFINITY;
        for (double[] row : probabilities) {
            if (row[c] < choice.threshold()) {
                below = Math.max(below, row[c]);
            }
        }
        double threshold = below > Double.NEGATIVE_INFINITY ? (choice.threshold() + below) / 2 : choice.threshold();
        return new OperatingPoint(label, threshold, targetSensitivity, choice.sensitivity(), choice.specificity());
    }
}
