package io.github.covidxray.core;

import java.util.Objects;

/**
 * What became of one input of a batch: a prediction, or the typed reason there is none. One bad input
 * costs only its own outcome; the rest of the batch is classified. Immutable.
 *
 * @param input the input's name ({@link ImageSource#name()})
 * @param prediction the prediction, or {@code null} when the input failed
 * @param failure why the input failed, {@code null} on success: an {@link InvalidImageException} when it could
 *     not be read, a {@link ClassificationException} when the model failed on it
 */
public record ClassificationOutcome(String input, Prediction prediction, Exception failure) {

    /** Checks that exactly one of prediction and failure is set. */
    public ClassificationOutcome {
        Objects.requireNonNull(input, "input");
        if ((prediction == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of prediction and failure must be set");
        }
    }

    /**
     * @param input the input's name
     * @param prediction its prediction
     * @return a successful outcome
     */
    public static ClassificationOutcome success(String input, Prediction prediction) {
        return new ClassificationOutcome(input, Objects.requireNonNull(prediction, "prediction"), null);
    }

    /**
     * @param input the input's name
     * @param failure why it failed; its message names the input
     * @return a failed outcome
     */
    public static ClassificationOutcome failure(String input, Exception failure) {
        return new ClassificationOutcome(input, null, Objects.requireNonNull(failure, "failure"));
    }

    /** @return whether the input was classified */
    public boolean ok() {
        return prediction != null;
    }

    /** @return the failure's message (it names the input), or {@code null} on success */
    public String error() {
        return failure == null ? null : failure.getMessage();
    }
}
