package io.github.covidxray.core;

/** How an {@link Explanation} was computed. */
public enum ExplanationMethod {
    /**
     * Class activation map: the model's own last feature maps weighted by the explained class's head, exact
     * for networks that end in global average pooling and a linear layer (the SDK's MobileNetV2 and
     * DenseNet-121). Needs a bundle that carries the maps as an output; costs about one forward pass.
     */
    CAM,
    /**
     * Occlusion sensitivity: how much the explained class's probability drops when each region is blanked.
     * Works for any model, including a {@code .onnx} or {@code .pt} from Python; costs one forward pass per
     * region (batched).
     */
    OCCLUSION;

    /** @return the lower-case name used on the command line and in JSON */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
