package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model's output vector holds. */
public enum OutputKind {
    /** Unnormalised scores; the classifier applies softmax. */
    LOGITS,
    /** Probabilities that already sum to 1. */
    PROBABILITIES;

    /** @return the lower-case name used in {@code model.json} */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
