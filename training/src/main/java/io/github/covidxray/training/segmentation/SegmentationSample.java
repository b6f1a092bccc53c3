package io.github.covidxray.training.segmentation;

import io.github.covidxray.core.XrayImage;
import java.util.Objects;

/**
 * An X-ray and its binary mask, pixel for pixel (mask values above half its range count as inside).
 * Immutable.
 *
 * @param image the X-ray
 * @param mask the mask, same width and height
 * @param patientId the patient, for resampling by patient; {@code null} when unknown
 */
public record SegmentationSample(XrayImage image, XrayImage mask, String patientId) {

    /** Checks that the two line up. */
    public SegmentationSample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        if (image.width() != mask.width() || image.height() != mask.height()) {
            throw new IllegalArgumentException(mask.source() + ": mask is " + mask.width() + "x" + mask.height()
                    + " but its image " + image.source() + " is " + image.width() + "x" + image.height());
        }
    }
}
