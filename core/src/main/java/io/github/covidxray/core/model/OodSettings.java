package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param imageFile the statistics file of the second gate, on the input's image statistics
 *     ({@link io.github.covidxray.core.trust.ImageChecks#statistics}), or {@code null} for none (bundles calibrated
 *     before it existed)
 * @param imageSha256 that file's SHA-256
 * @param imageThreshold the second gate's score above which an input is out of distribution; set with
 *     {@code imageFile}
 * @param provenance how it was fitted and calibrated (data, counts, target share): free-form
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodSettings(
        @JsonProperty("method") String method,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("roughness_max") Double roughnessMax,
        @JsonProperty("image_file") String imageFile,
        @JsonProperty("image_sha256") String imageSha256,
        @JsonProperty("image_threshold") Double imageThreshold,
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
        if ((imageFile == null) != (imageThreshold == null)) {
            throw new IllegalArgumentException("ood image_file and image_threshold come together, got " + imageFile
                    + " and " + imageThreshold);
        }
        if (imageThreshold != null && !(imageThreshold > 0 && Double.isFinite(imageThreshold))) {
            throw new IllegalArgumentException("ood image_threshold must be finite and > 0, got " + imageThreshold);
        }
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(provenance));
    }

    /**
     * @param newSha256 the file's checksum
     * @return a copy with the checksum set
     */
    public OodSettings withSha256(String newSha256) {
        return new OodSettings(method, file, newSha256, threshold, roughnessMax, imageFile, imageSha256,
                imageThreshold, provenance);
    }

    /** @return the statistics files the gate reads from the bundle folder: {@code file}, then {@code imageFile} if set */
    @JsonIgnore
    public java.util.List<String> files() {
        return imageFile == null ? java.util.List.of(file) : java.util.List.of(file, imageFile);
    }

    /**
     * @param newSha256 the image statistics file's checksum
     * @return a copy with it set
     */
    public OodSettings withImageSha256(String newSha256) {
        return new OodSettings(method, file, sha256, threshold, roughnessMax, imageFile, newSha256, imageThreshold,
                provenance);
    }

    /**
     * The score every prediction carries: the largest of the Mahalanobis score over its threshold, the roughness
     * over the largest seen on real X-rays, and the image statistics score over its threshold (the last two when
     * the bundle has them); an input is out of distribution when it exceeds 1.
     *
     * @param mahalanobis the Mahalanobis score of the pooled features
     * @param roughness the input's roughness
     * @param imageScore the image statistics gate's score (ignored when the bundle has none)
     * @return the combined score, 1 at the boundary
     */
    public double combinedScore(double mahalanobis, double roughness, double imageScore) {
        double s = mahalanobis / threshold;
        if (roughnessMax != null && roughnessMax > 0) {
            s = Math.max(s, roughness / roughnessMax);
        }
        return imageThreshold == null ? s : Math.max(s, imageScore / imageThreshold);
    }
}
