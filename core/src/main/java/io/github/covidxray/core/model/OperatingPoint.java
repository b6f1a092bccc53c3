package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A decision threshold on one class's probability, chosen on validation data: a case is flagged when
 * {@code P(label) >= threshold}. Screening tools flag rather than diagnose; the threshold trades
 * specificity for sensitivity.
 *
 * @param label the class the threshold applies to (for example {@code covid})
 * @param threshold flag when the class probability is at least this
 * @param targetSensitivity the sensitivity the threshold was chosen to reach, or NaN
 * @param sensitivity the sensitivity measured at this threshold on the validation data, or NaN
 * @param specificity the specificity measured at this threshold on the validation data, or NaN
 */
public record OperatingPoint(
        @JsonProperty("label") String label,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("target_sensitivity") double targetSensitivity,
        @JsonProperty("sensitivity") double sensitivity,
        @JsonProperty("specificity") double specificity) {

    /** Validates the values. */
    public OperatingPoint {
        Objects.requireNonNull(label, "label");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
    }
}
