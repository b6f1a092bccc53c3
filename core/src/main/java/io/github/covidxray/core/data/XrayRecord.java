package io.github.covidxray.core.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled image of a dataset: where it is and, when known, whose it is.
 *
 * @param file the image file
 * @param label the class label (for example {@code covid})
 * @param patientId the patient the image belongs to, or {@code null} when unknown; images without a
 *     patient id are treated as their own patient by {@link PatientSplit}
 * @param split the split the manifest assigns ({@code train}, {@code val}, ...), or {@code null}
 * @param source where the image comes from (an archive, hospital or repository: the manifest's {@code source}
 *     or {@code source_repo} column), or {@code null} when unknown
 */
public record XrayRecord(Path file, String label, String patientId, String split, String source) {

    /**
     * A record whose source is unknown.
     *
     * @param file the image file
     * @param label the class label
     * @param patientId the patient, or {@code null}
     * @param split the split, or {@code null}
     */
    public XrayRecord(Path file, String label, String patientId, String split) {
        this(file, label, patientId, split, null);
    }

    /** Validates that file and label are present. */
    public XrayRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(label, "label");
    }

    /** @return the patient id, or a per-file stand-in so that unknown patients are never merged */
    public String patientOrFile() {
        return patientId != null ? patientId : "file:" + file;
    }
}
