package io.github.covidxray.core;

/**
 * What one forward pass returned for a batch, before softmax: the class scores and, when the model carries
 * them, the pooled feature vectors and the class activation maps (see
 * {@link io.github.covidxray.core.model.ModelOutput}). For tools and calibration; most code wants a
 * {@link Prediction}. Arrays are owned by the caller.
 *
 * @param scores {@code [N][classes]} logits or probabilities, as the model card says
 * @param features {@code [N][F]} pooled features, or {@code null} when the model has none
 * @param maps {@code [N][classes * mapRows * mapCols]} class activation maps, row-major per class, or
 *     {@code null} when the model has none
 * @param mapRows the maps' height (0 without maps)
 * @param mapCols the maps' width (0 without maps)
 */
public record RawOutputs(float[][] scores, float[][] features, float[][] maps, int mapRows, int mapCols) {

    /** @return the batch size */
    public int size() {
        return scores.length;
    }
}
