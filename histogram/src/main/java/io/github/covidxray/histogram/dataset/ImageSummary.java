package io.github.covidxray.histogram.dataset;

import io.github.covidxray.histogram.IntensityStats;
import java.nio.file.Path;

/**
 * One analysed image of a dataset: which it is and its statistics (in the image's own intensity units).
 * An immutable value.
 *
 * @param file the image file
 * @param label its class
 * @param patientId its patient, or {@code null} when unknown
 * @param width width in pixels
 * @param height height in pixels
 * @param bitsStored significant bits per pixel
 * @param stats the intensity statistics
 */
public record ImageSummary(Path file, String label, String patientId, int width, int height, int bitsStored,
        IntensityStats stats) {

    /** @return the largest representable value, {@code 2^bitsStored - 1} */
    public int maxValue() {
        return (1 << bitsStored) - 1;
    }
}
