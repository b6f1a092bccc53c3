package io.github.covidxray.core.internal;

/** Numerically stable softmax (the maximum is subtracted before {@code exp}), in double precision. */
final class Softmax {

    private Softmax() {}

    /**
     * @param logits unnormalised scores
     * @return probabilities in the same order, summing to 1; double precision, so logits that differ by
     *     less than a float's resolution near the result still give different probabilities
     */
    static double[] of(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < logits.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
