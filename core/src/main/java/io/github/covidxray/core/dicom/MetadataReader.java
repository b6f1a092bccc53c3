package io.github.covidxray.core.dicom;

/** Reads {@link DicomMetadata} from a parsed dataset, applying the standard's defaults. */
final class MetadataReader {

    private MetadataReader() {}

    static DicomMetadata read(ParsedDataset ds) throws DicomException {
        int bitsStored = ds.unsignedShort(Tags.BITS_STORED, 0);
        String photometric = ds.text(Tags.PHOTOMETRIC_INTERPRETATION);
        Double slope = ds.decimalString(Tags.RESCALE_SLOPE);
        Double intercept = ds.decimalString(Tags.RESCALE_INTERCEPT);
        String voiFunction = ds.text(Tags.VOI_LUT_FUNCTION);
        return new DicomMetadata(
                ds.text(Tags.PATIENT_ID),
                ds.text(Tags.STUDY_INSTANCE_UID),
                ds.text(Tags.SOP_INSTANCE_UID),
                ds.text(Tags.MODALITY),
                ds.text(Tags.VIEW_POSITION),
                photometric == null ? null : photometric.toUpperCase(java.util.Locale.ROOT),
                ds.unsignedShort(Tags.ROWS, 0),
                ds.unsignedShort(Tags.COLUMNS, 0),
                ds.unsignedShort(Tags.SAMPLES_PER_PIXEL, 1),
                ds.unsignedShort(Tags.BITS_ALLOCATED, 0),
                bitsStored,
                ds.unsignedShort(Tags.HIGH_BIT, Math.max(0, bitsStored - 1)),
                ds.unsignedShort(Tags.PIXEL_REPRESENTATION, 0),
                slope == null ? 1.0 : slope,
                intercept == null ? 0.0 : intercept,
                ds.decimalString(Tags.WINDOW_CENTER),
                ds.decimalString(Tags.WINDOW_WIDTH),
                voiFunction == null ? null : voiFunction.toUpperCase(java.util.Locale.ROOT),
                ds.integerString(Tags.NUMBER_OF_FRAMES, 1),
                ds.transferSyntaxUid());
    }
}
