package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code model.json}'s {@code ood} field says about the bundle's out-of-distribution gate: the file
 * holding the fitted feature statistics (checked by SHA-256 on load, like the weights) and the score above
 * which an input is flagged. Immutable.
 *
 * @param method how the score is computed; this library knows {@value #MAHALANOBIS}
 * @param file the statistics file's name inside the bundle
 * @param sha256 the statistics file's SHA-256, lower-case hex
 * @param threshold the Mahalanobis score (distance / sqrt(features)) above which an input is out of distribution
 * @param roughnessMax the largest roughness ({@link io.github.covidxray.core.trust.ImageChecks}) of a real
 *     X-ray seen in fitting, or {@code null} for no image check
 * @param provenance how it was fitted and calibrated (data, counts, target share): free-form
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodSettings(
        @JsonProperty("method") String method,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("roughness_max") Double roughnessMax,
        @JsonProperty("provenance") Map<String, Object> provenance) {

    /** Mahalanobis distance of the pooled features to the training features, shrunk covariance. */
    public static final String MAHALANOBIS = "mahalanobis";

    /** Validates and copies. */
    public OodSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(file, "file");
        if (!(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("ood threshold must be finite and > 0, got " + threshold);
        }
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(provenance));
    }

    /**
     * @param newSha256 the file's checksum
     * @return a copy with the checksum set
     */
    public OodSettings withSha256(String newSha256) {
        return new OodSettings(method, file, newSha256, threshold, roughnessMax, provenance);
    }

    /**
     * The score every prediction carries: the Mahalanobis score over its threshold, or the roughness over the
     * largest seen on real X-rays when that is higher; an input is out of distribution when it exceeds 1.
     *
     * @param mahalanobis the Mahalanobis score
     * @param roughness the input's roughness
     * @return the combined score, 1 at the boundary
     */
    public double combinedScore(double mahalanobis, double roughness) {
        double s = mahalanobis / threshold;
        return roughnessMax == null || !(roughnessMax > 0) ? s : Math.max(s, roughness / roughnessMax);
    }
}
