package io.github.covidxray.core.eval;

/**
 * How the confidence intervals of a report were made. Immutable and thread-safe.
 *
 * @param resamples bootstrap resamples (0: no intervals)
 * @param seed the random seed
 * @param confidenceLevel the coverage of the intervals
 * @param byPatient whether patients (clusters of images) were resampled rather than images
 * @param units the number of resampling units: patients or images
 */
public record BootstrapSummary(int resamples, long seed, double confidenceLevel, boolean byPatient, int units) {

    /** @return {@code "patient"} or {@code "image"} */
    public String unit() {
        return byPatient ? "patient" : "image";
    }
}
