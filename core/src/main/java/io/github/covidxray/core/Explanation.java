package io.github.covidxray.core;

import java.util.Objects;

/**
 * Why a model answered as it did for one image: the prediction, the class explained (its label by default)
 * and a heatmap over the image as read. Immutable.
 *
 * <p>A heatmap shows where the model's evidence for a class lies, not that the evidence is medically
 * meaningful: a map over markers, borders or text is a warning, not an explanation of disease.
 *
 * @param prediction the prediction for the image (with its out-of-distribution result)
 * @param explainedLabel the class whose evidence the heatmap shows
 * @param method how the heatmap was computed
 * @param heatmap the importance of each region of the input image for {@code explainedLabel}
 */
public record Explanation(Prediction prediction, String explainedLabel, ExplanationMethod method, Heatmap heatmap) {

    /** Checks that nothing is missing and the explained class is one of the model's. */
    public Explanation {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(explainedLabel, "explainedLabel");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(heatmap, "heatmap");
        if (!prediction.labels().contains(explainedLabel)) {
            throw new IllegalArgumentException("no class '" + explainedLabel + "'; classes are " + prediction.labels());
        }
    }
}
