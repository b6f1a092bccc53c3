package io.github.covidxray.core.dicom;

import io.github.covidxray.core.XrayImage;
import java.util.Objects;

/**
 * One decoded frame of a DICOM file together with the file's metadata. Immutable and thread-safe.
 *
 * @param image the pixels, mapped as described in {@link DicomReader}
 * @param metadata the header values that matter for chest X-rays
 */
public record DicomImage(XrayImage image, DicomMetadata metadata) {

    /** Checks that both parts are present. */
    public DicomImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(metadata, "metadata");
    }
}
