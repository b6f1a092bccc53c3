package io.github.covidxray.augment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One augmentation step that fired, with the parameters drawn for it: for debugging, logging and captions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the step's name, for example {@code "rotate"}
 * @param parameters the drawn parameters by name, in drawing order (unmodifiable)
 * @param caption a short human-readable description, for example {@code "rotate 4.2°"}
 */
public record AppliedOp(String name, Map<String, Double> parameters, String caption) {

    /**
     * Copies the parameters into an unmodifiable map that keeps their order.
     *
     * @param name see the record description
     * @param parameters see the record description
     * @param caption see the record description
     */
    public AppliedOp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(caption, "caption");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * @param parameter a parameter name
     * @return its drawn value
     * @throws IllegalArgumentException if this step has no such parameter
     */
    public double parameter(String parameter) {
        Double v = parameters.get(parameter);
        if (v == null) {
            throw new IllegalArgumentException(
                    "step " + name + " has no parameter '" + parameter + "'; it has " + parameters.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return caption;
    }
}
