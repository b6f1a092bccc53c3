package io.github.covidxray.core.eval;

import java.util.Arrays;
import java.util.List;

/**
 * A multi-class confusion matrix and the metrics derived from it. Rows are the true label, columns the
 * predicted label, both in the order of {@link #labels()}. Immutable and thread-safe.
 *
 * <p>Per-class metrics treat the class one-vs-rest. A metric whose denominator is zero is {@code NaN}
 * rather than a made-up 0 or 1: sensitivity when the class has no true cases, specificity when every case
 * is of the class, PPV when the class is never predicted, NPV when it is always predicted. F1 is
 * {@code 2TP / (2TP + FP + FN)}, so it is defined (possibly 0) whenever the class occurs or is
 * predicted, and {@code NaN} only when it does neither. Averages over classes ({@link #balancedAccuracy()},
 * {@link #macroF1()}) skip the classes whose metric is {@code NaN}.
 *
 * @param labels the class names, in index order
 * @param counts {@code counts[true][predicted]}, a square matrix of non-negative counts
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {

    /** Validates and copies the values. */
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        int k = labels.size();
        if (counts.length != k) {
            throw new IllegalArgumentException("expected " + k + " rows, found " + counts.length);
        }
        int[][] copy = new int[k][];
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) {
                throw new IllegalArgumentException("row " + t + ": expected " + k + " columns, found " + counts[t].length);
            }
            copy[t] = counts[t].clone();
            for (int c : copy[t]) {
                if (c < 0) {
                    throw new IllegalArgumentException("row " + t + ": counts must be >= 0, found " + c);
                }
            }
        }
        counts = copy;
    }

    /**
     * Counts predictions.
     *
     * @param labels the class names
     * @param trueIdx the true class index of each sample
     * @param predIdx the predicted class index of each sample
     * @return the matrix
     */
    public static ConfusionMatrix of(List<String> labels, int[] trueIdx, int[] predIdx) {
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireIndices(labels.size(), predIdx, "predIdx");
        if (trueIdx.length != predIdx.length) {
            throw new IllegalArgumentException("expected as many predictions as true labels (" + trueIdx.length
                    + "), found " + predIdx.length);
        }
        return weighted(labels, trueIdx, predIdx, null);
    }

    /**
     * Counts the arg-max predictions of class probabilities (ties go to the lower class index).
     *
     * @param labels the class names
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}
     * @return the matrix
     */
    public static ConfusionMatrix fromProbabilities(List<String> labels, int[] trueIdx, double[][] probs) {
        return of(labels, trueIdx, Inputs.argmax(probs));
    }

    /** Counts each sample {@code weights[i]} times (a bootstrap multiplicity); null weights count once. */
    static ConfusionMatrix weighted(List<String> labels, int[] trueIdx, int[] predIdx, int[] weights) {
        int[][] counts = new int[labels.size()][labels.size()];
        for (int i = 0; i < trueIdx.length; i++) {
            counts[trueIdx[i]][predIdx[i]] += weights == null ? 1 : weights[i];
        }
        return new ConfusionMatrix(labels, counts);
    }

    /** @return a copy of {@code counts[true][predicted]} */
    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /**
     * @param trueClass the true class index
     * @param predictedClass the predicted class index
     * @return how many samples of {@code trueClass} were predicted as {@code predictedClass}
     */
    public int count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** @return the number of classes */
    public int numClasses() {
        return labels.size();
    }

    /** @return the number of samples */
    public int total() {
        int sum = 0;
        for (int[] row : counts) {
            for (int c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /**
     * @param c a class index
     * @return the number of samples whose true class is {@code c} (the row sum)
     */
    public int support(int c) {
        int sum = 0;
        for (int p = 0; p < counts.length; p++) {
            sum += counts[c][p];
        }
        return sum;
    }

    /**
     * @param c a class index
     * @return the number of samples predicted as {@code c} (the column sum)
     */
    public int predicted(int c) {
        int sum = 0;
        for (int[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /**
     * @param c a class index
     * @return true positives of class {@code c}
     */
    public int truePositives(int c) {
        return counts[c][c];
    }

    /**
     * @param c a class index
     * @return false negatives of class {@code c}: its samples predicted as another class
     */
    public int falseNegatives(int c) {
        return support(c) - counts[c][c];
    }

    /**
     * @param c a class index
     * @return false positives of class {@code c}: other samples predicted as {@code c}
     */
    public int falsePositives(int c) {
        return predicted(c) - counts[c][c];
    }

    /**
     * @param c a class index
     * @return true negatives of class {@code c}: other samples predicted as another class
     */
    public int trueNegatives(int c) {
        return total() - support(c) - predicted(c) + counts[c][c];
    }

    /**
     * @param c a class index
     * @return TP / (TP + FN), {@code NaN} when the class has no samples
     */
    public double sensitivity(int c) {
        return Inputs.ratio(truePositives(c), support(c));
    }

    /**
     * @param c a class index
     * @return TN / (TN + FP), {@code NaN} when every sample is of class {@code c}
     */
    public double specificity(int c) {
        int tn = trueNegatives(c);
        return Inputs.ratio(tn, tn + falsePositives(c));
    }

    /**
     * @param c a class index
     * @return positive predictive value TP / (TP + FP), {@code NaN} when the class is never predicted
     */
    public double ppv(int c) {
        return Inputs.ratio(truePositives(c), predicted(c));
    }

    /**
     * @param c a class index
     * @return negative predictive value TN / (TN + FN), {@code NaN} when the class is always predicted
     */
    public double npv(int c) {
        int tn = trueNegatives(c);
        return Inputs.ratio(tn, tn + falseNegatives(c));
    }

    /**
     * @param c a class index
     * @return 2TP / (2TP + FP + FN), {@code NaN} when the class neither occurs nor is predicted
     */
    public double f1(int c) {
        int tp = truePositives(c);
        return Inputs.ratio(2 * tp, 2 * tp + falsePositives(c) + falseNegatives(c));
    }

    /** @return the fraction of samples on the diagonal, {@code NaN} for an empty matrix */
    public double accuracy() {
        int diagonal = 0;
        for (int c = 0; c < counts.length; c++) {
            diagonal += counts[c][c];
        }
        return Inputs.ratio(diagonal, total());
    }

    /** @return the mean sensitivity over the classes that have samples */
    public double balancedAccuracy() {
        double[] values = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            values[c] = sensitivity(c);
        }
        return Inputs.meanIgnoringNaN(values);
    }

    /** @return the mean F1 over the classes that occur or are predicted */
    public double macroF1() {
        double[] values = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            values[c] = f1(c);
        }
        return Inputs.meanIgnoringNaN(values);
    }

    /** Compares labels and counts by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other
                && labels.equals(other.labels)
                && Arrays.deepEquals(counts, other.counts);
    }

    /** @return a hash of labels and counts */
    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
    }

    /** @return the labels and rows, for logs */
    @Override
    public String toString() {
        return "ConfusionMatrix" + labels + Arrays.deepToString(counts);
    }
}
