package io.github.covidxray.core.eval;

import java.util.Arrays;

/**
 * Top-label calibration: how well the probability of the predicted class matches how often that
 * prediction is right. Immutable and thread-safe.
 *
 * <p>Each sample's confidence is its largest class probability (the predicted class, the lower index on
 * ties). Confidences fall into {@code bins} equal-width bins {@code (b/B, (b+1)/B]}, a confidence of 0
 * going to the first. The expected calibration error is
 * {@code ECE = sum over bins of (n_b / n) * |accuracy_b - mean confidence_b|}; the maximum calibration
 * error is the largest of those gaps over non-empty bins. Empty bins have {@code NaN} accuracy and
 * confidence and add nothing.
 *
 * @param bins the number of bins
 * @param expectedCalibrationError the ECE, in [0, 1]
 * @param maxCalibrationError the largest gap over non-empty bins, in [0, 1]
 * @param binCounts samples per bin
 * @param binConfidence mean confidence per bin
 * @param binAccuracy fraction of correct predictions per bin
 */
public record Calibration(int bins, double expectedCalibrationError, double maxCalibrationError,
        int[] binCounts, double[] binConfidence, double[] binAccuracy) {

    /** The default number of bins, as in Guo et al. (2017), "On calibration of modern neural networks". */
    public static final int DEFAULT_BINS = 15;

    /** Validates and copies the values. */
    public Calibration {
        if (binCounts.length != bins || binConfidence.length != bins || binAccuracy.length != bins) {
            throw new IllegalArgumentException("expected " + bins + " values per bin array");
        }
        binCounts = binCounts.clone();
        binConfidence = binConfidence.clone();
        binAccuracy = binAccuracy.clone();
    }

    /**
     * Measures top-label calibration.
     *
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}, each row a probability distribution
     * @param bins the number of equal-width confidence bins, at least 1
     * @return the calibration
     */
    public static Calibration topLabel(int[] trueIdx, double[][] probs, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins: expected at least 1, found " + bins);
        }
        if (trueIdx.length == 0 || probs.length != trueIdx.length) {
            throw new IllegalArgumentException("expected as many probability rows as labels (" + trueIdx.length
                    + ", at least 1), found " + probs.length);
        }
        int numClasses = probs[0].length;
        Inputs.requireProbabilities(numClasses, probs);
        Inputs.requireIndices(numClasses, trueIdx, "trueIdx");
        int[] pred = Inputs.argmax(probs);
        int[] counts = new int[bins];
        double[] confidenceSum = new double[bins];
        int[] correct = new int[bins];
        for (int i = 0; i < probs.length; i++) {
            double confidence = probs[i][pred[i]];
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(confidence * bins) - 1));
            counts[b]++;
            confidenceSum[b] += confidence;
            if (pred[i] == trueIdx[i]) {
                correct[b]++;
            }
        }
        double[] meanConfidence = new double[bins];
        double[] accuracy = new double[bins];
        double ece = 0;
        double mce = 0;
        for (int b = 0; b < bins; b++) {
            meanConfidence[b] = counts[b] == 0 ? Double.NaN : confidenceSum[b] / counts[b];
            accuracy[b] = Inputs.ratio(correct[b], counts[b]);
            if (counts[b] > 0) {
                double gap = Math.abs(accuracy[b] - meanConfidence[b]);
                ece += gap * counts[b] / probs.length;
                mce = Math.max(mce, gap);
            }
        }
        return new Calibration(bins, ece, mce, counts, meanConfidence, accuracy);
    }

    /** @return a copy of the samples per bin */
    @Override
    public int[] binCounts() {
        return binCounts.clone();
    }

    /** @return a copy of the mean confidence per bin */
    @Override
    public double[] binConfidence() {
        return binConfidence.clone();
    }

    /** @return a copy of the accuracy per bin */
    @Override
    public double[] binAccuracy() {
        return binAccuracy.clone();
    }

    /** Compares all fields by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration other
                && bins == other.bins
                && Double.compare(expectedCalibrationError, other.expectedCalibrationError) == 0
                && Double.compare(maxCalibrationError, other.maxCalibrationError) == 0
                && Arrays.equals(binCounts, other.binCounts)
                && Arrays.equals(binConfidence, other.binConfidence)
                && Arrays.equals(binAccuracy, other.binAccuracy);
    }

    /** @return a hash of all fields */
    @Override
    public int hashCode() {
        return (bins * 31 + Double.hashCode(expectedCalibrationError)) * 31 + Arrays.hashCode(binCounts);
    }

    /** @return the summary values and the counts */
    @Override
    public String toString() {
        return "Calibration[bins=" + bins + ", ece=" + expectedCalibrationError + ", mce=" + maxCalibrationError
                + ", counts=" + Arrays.toString(binCounts) + "]";
    }
}
