package io.github.covidxray.core;

import io.github.covidxray.core.model.OperatingPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of classifying one image: the most probable label, its probability, every class's
 * probability in the model's label order, and, when the model carries an operating point, whether the
 * case is flagged; and, when the model carries out-of-distribution statistics, how unlike its training
 * images the input is. Immutable.
 *
 * <p>Probabilities are a model's output after softmax, not calibrated clinical risks. An input flagged
 * {@link #outOfDistribution()} still has probabilities, but they describe an image the model was not trained
 * to read: no surface should present them as a confident answer.
 *
 * @param label the most probable class
 * @param confidence the probability of {@code label}
 * @param labels all class labels in model order
 * @param probabilities the probability of each class, same order as {@code labels}, summing to 1
 * @param operatingPoint the model's decision threshold, or {@code null} when the model has none
 * @param oodScore how unlike the training images the input is (higher = more unusual), or {@code NaN} when
 *     the model carries no out-of-distribution statistics
 * @param outOfDistribution whether {@code oodScore} passes the model's out-of-distribution threshold;
 *     {@code false} when the model has none
 */
public record Prediction(
        String label, double confidence, List<String> labels, List<Double> probabilities, OperatingPoint operatingPoint,
        double oodScore, boolean outOfDistribution) {

    /** Validates sizes and copies the lists. */
    public Prediction {
        Objects.requireNonNull(label, "label");
        labels = List.copyOf(labels);
        probabilities = List.copyOf(probabilities);
        if (labels.size() != probabilities.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.size() + " probabilities");
        }
    }

    /**
     * Builds a prediction from a probability vector.
     *
     * @param labels labels in model order
     * @param probs probabilities in the same order
     * @param operatingPoint the threshold, or {@code null}
     * @return the prediction, labelled with the argmax
     */
    public static Prediction of(List<String> labels, float[] probs, OperatingPoint operatingPoint) {
        double[] wide = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            wide[i] = probs[i];
        }
        return of(labels, wide, operatingPoint);
    }

    /**
     * Builds a prediction from a probability vector in double precision (softmax of logits that differ by
     * less than a float's resolution stays distinguishable).
     *
     * @param labels labels in model order
     * @param probs probabilities in the same order
     * @param operatingPoint the threshold, or {@code null}
     * @return the prediction, labelled with the argmax (the first one on ties)
     */
    public static Prediction of(List<String> labels, double[] probs, OperatingPoint operatingPoint) {
        int best = 0;
        Double[] boxed = new Double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            boxed[i] = probs[i];
            if (probs[i] > probs[best]) {
                best = i;
            }
        }
        return new Prediction(labels.get(best), probs[best], labels, List.of(boxed), operatingPoint, Double.NaN, false);
    }

    /**
     * @param score the out-of-distribution score (higher = more unusual)
     * @param flagged whether it passes the model's threshold
     * @return this prediction with the out-of-distribution result set
     */
    public Prediction withOod(double score, boolean flagged) {
        return new Prediction(label, confidence, labels, probabilities, operatingPoint, score, flagged);
    }

    /**
     * @param className a label
     * @return that class's probability
     * @throws IllegalArgumentException for an unknown label
     */
    public double probability(String className) {
        int i = labels.indexOf(className);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + className + "'; classes are " + labels);
        }
        return probabilities.get(i);
    }

    /** @return label to probability, in model order */
    public Map<String, Double> scores() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), probabilities.get(i));
        }
        return map;
    }

    /**
     * @return whether the operating point's class probability reaches its threshold; {@code false} when
     *     the model has no operating point
     */
    public boolean flagged() {
        return operatingPoint != null && probability(operatingPoint.label()) >= operatingPoint.threshold();
    }
}
