package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An augmented image and the steps that produced it, in order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the augmented image, of the input's size and bit depth
 * @param applied the steps that fired with their drawn parameters (unmodifiable; empty if none fired)
 */
public record AugmentResult(XrayImage image, List<AppliedOp> applied) {

    /**
     * Copies the list.
     *
     * @param image see the record description
     * @param applied see the record description
     */
    public AugmentResult {
        Objects.requireNonNull(image, "image");
        applied = List.copyOf(applied);
    }

    /** @return one caption per applied step */
    public List<String> captions() {
        return applied.stream().map(AppliedOp::caption).collect(Collectors.toList());
    }

    /** @return the captions joined with {@code "; "}, or {@code "unchanged"} if nothing fired */
    public String summary() {
        return applied.isEmpty() ? "unchanged" : String.join("; ", captions());
    }
}
