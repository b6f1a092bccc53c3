package io.github.covidxray.core.dicom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header values of a DICOM file that matter for reading a chest X-ray. Text values are trimmed of
 * DICOM padding; a text value absent from the file is {@code null}, an absent number is 0 (or the
 * default the standard gives, noted below). Patient names, birth dates, accession numbers and series UIDs
 * are never read; the three identifiers that are read (patient ID, study and SOP instance UIDs, which link an
 * image to a patient) are left out of {@link #toMap()} and only given by {@link #toMap(boolean)} when asked for.
 * Immutable and thread-safe.
 *
 * @param patientId PatientID (0010,0020)
 * @param studyInstanceUid StudyInstanceUID (0020,000D)
 * @param sopInstanceUid SOPInstanceUID (0008,0018)
 * @param modality Modality (0008,0060), for example {@code CR} or {@code DX}
 * @param viewPosition ViewPosition (0018,5101), for example {@code PA} or {@code AP}
 * @param photometricInterpretation PhotometricInterpretation (0028,0004), for example {@code MONOCHROME1}
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param samplesPerPixel SamplesPerPixel (0028,0002); 1 when absent
 * @param bitsAllocated BitsAllocated (0028,0100)
 * @param bitsStored BitsStored (0028,0101)
 * @param highBit HighBit (0028,0102)
 * @param pixelRepresentation PixelRepresentation (0028,0103): 0 unsigned, 1 two's complement
 * @param rescaleSlope RescaleSlope (0028,1053); 1 when absent
 * @param rescaleIntercept RescaleIntercept (0028,1052); 0 when absent
 * @param windowCenter the first WindowCenter (0028,1050) value, or {@code null}
 * @param windowWidth the first WindowWidth (0028,1051) value, or {@code null}
 * @param voiLutFunction VOILUTFunction (0028,1056), or {@code null} (which means {@code LINEAR})
 * @param numberOfFrames NumberOfFrames (0028,0008); 1 when absent
 * @param transferSyntaxUid the transfer syntax the dataset was read with
 */
public record DicomMetadata(
        String patientId,
        String studyInstanceUid,
        String sopInstanceUid,
        String modality,
        String viewPosition,
        String photometricInterpretation,
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        int pixelRepresentation,
        double rescaleSlope,
        double rescaleIntercept,
        Double windowCenter,
        Double windowWidth,
        String voiLutFunction,
        int numberOfFrames,
        String transferSyntaxUid) {

    /** @return whether the file has a VOI window (both center and width) */
    public boolean hasWindow() {
        return windowCenter != null && windowWidth != null;
    }

    /** @return whether black is the highest value (PhotometricInterpretation MONOCHROME1) */
    public boolean isMonochrome1() {
        return "MONOCHROME1".equals(photometricInterpretation);
    }

    /** The keywords of the values that identify a patient or an examination, which {@link #toMap()} leaves out. */
    public static final List<String> IDENTIFYING_KEYWORDS = List.of("PatientID", "StudyInstanceUID", "SOPInstanceUID");

    /**
     * The values that do not identify a patient, keyed by their DICOM keywords, for output a person or a log
     * may see: the same as {@code toMap(false)}.
     *
     * @return a new mutable map; absent values map to {@code null}
     */
    public Map<String, Object> toMap() {
        return toMap(false);
    }

    /**
     * The values keyed by their DICOM keywords, in the order of the record, for JSON output.
     *
     * @param withIdentifiers whether to include the {@link #IDENTIFYING_KEYWORDS identifying values}; only when
     *     the user asked for them explicitly
     * @return a new mutable map; absent values map to {@code null}
     */
    public Map<String, Object> toMap(boolean withIdentifiers) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (withIdentifiers) {
            m.put("PatientID", patientId);
            m.put("StudyInstanceUID", studyInstanceUid);
            m.put("SOPInstanceUID", sopInstanceUid);
        }
        m.put("Modality", modality);
        m.put("ViewPosition", viewPosition);
        m.put("PhotometricInterpretation", photometricInterpretation);
        m.put("Rows", rows);
        m.put("Columns", columns);
        m.put("SamplesPerPixel", samplesPerPixel);
        m.put("BitsAllocated", bitsAllocated);
        m.put("BitsStored", bitsStored);
        m.put("HighBit", highBit);
        m.put("PixelRepresentation", pixelRepresentation);
        m.put("RescaleSlope", rescaleSlope);
        m.put("RescaleIntercept", rescaleIntercept);
        m.put("WindowCenter", windowCenter);
        m.put("WindowWidth", windowWidth);
        m.put("VOILUTFunction", voiLutFunction);
        m.put("NumberOfFrames", numberOfFrames);
        m.put("TransferSyntaxUID", transferSyntaxUid);
        return m;
    }
}
