package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model's output vector holds. */
public enum OutputKind {
    /** Unnormalised scores; the classifier applies softmax. */
    LOGITS,
    /** Probabilities that already sum to 1. */
    PROBABILITIES,
    /**
     * A segmentation mask: one logit per pixel of the preprocessed input, row by row ({@code height * width}
     * values per image); sigmoid above 0.5 (logit above 0) is inside. Such a bundle has one label, the
     * segmented structure, and opens with {@code LungSegmenter}, not as a classifier.
     */
    MASK_LOGITS;

    /** @return the lower-case name used in {@code model.json} */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
