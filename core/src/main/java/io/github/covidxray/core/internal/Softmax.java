package io.github.covidxray.core.internal;

/**
 * Numerically stable softmax (the maximum is subtracted before {@code exp}), in double precision, with an
 * optional temperature. Not API.
 */
public final class Softmax {

    private Softmax() {}

    /**
     * @param logits unnormalised scores
     * @return probabilities in the same order, summing to 1; double precision, so logits that differ by
     *     less than a float's resolution near the result still give different probabilities
     */
    public static double[] of(float[] logits) {
        return of(logits, 1.0);
    }

    /**
     * @param logits unnormalised scores
     * @param temperature divides the logits first; > 0
     * @return softmax(logits / temperature)
     */
    public static double[] of(float[] logits, double temperature) {
        return io.github.covidxray.core.trust.TemperatureScaling.softmax(logits, temperature);
    }
}
