package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The named outputs a model may carry besides its class scores; {@code model.json}'s {@code outputs} lists
 * them in the order the model returns them. Exported covid-xray graphs use these names as ONNX output names.
 */
public enum ModelOutput {
    /** {@code [N, classes]}: logits or probabilities, as the card's {@code output} says. Always first. */
    SCORES("logits"),
    /**
     * {@code [N, classes, h, w]}: class activation maps, the linear head applied at each position of the last
     * feature maps before global average pooling, without the bias; their mean over {@code h, w} plus the
     * bias is the logits.
     */
    CLASS_ACTIVATION_MAPS("class_activation_maps"),
    /** {@code [N, features]}: the pooled feature vector the head reads, used by the out-of-distribution gate. */
    POOLED_FEATURES("pooled_features");

    private final String jsonName;

    ModelOutput(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name in {@code model.json} and in exported ONNX graphs */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /**
     * @param name a name as {@link #jsonName()} writes it (case-insensitive)
     * @return the output
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static ModelOutput fromJson(String name) {
        for (ModelOutput o : values()) {
            if (o.jsonName.equalsIgnoreCase(name.trim()) || o.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown model output '" + name + "'; known: logits, "
                + "class_activation_maps, pooled_features");
    }
}
