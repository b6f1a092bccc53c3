package io.github.covidxray.core.dicom;

import java.util.Locale;
import java.util.Map;

/** The DICOM tags this reader looks at, and how to name any tag in an error message. */
final class Tags {

    static final int TRANSFER_SYNTAX_UID = 0x00020010;
    static final int SOP_CLASS_UID = 0x00080016;
    static final int SOP_INSTANCE_UID = 0x00080018;
    static final int MODALITY = 0x00080060;
    static final int PATIENT_ID = 0x00100020;
    static final int VIEW_POSITION = 0x00185101;
    static final int STUDY_INSTANCE_UID = 0x0020000D;
    static final int SAMPLES_PER_PIXEL = 0x00280002;
    static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    static final int PLANAR_CONFIGURATION = 0x00280006;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLUMNS = 0x00280011;
    static final int BITS_ALLOCATED = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int WINDOW_CENTER = 0x00281050;
    static final int WINDOW_WIDTH = 0x00281051;
    static final int RESCALE_INTERCEPT = 0x00281052;
    static final int RESCALE_SLOPE = 0x00281053;
    static final int VOI_LUT_FUNCTION = 0x00281056;
    static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
    static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    static final int PIXEL_DATA = 0x7FE00010;
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(TRANSFER_SYNTAX_UID, "TransferSyntaxUID"),
            Map.entry(SOP_CLASS_UID, "SOPClassUID"),
            Map.entry(SOP_INSTANCE_UID, "SOPInstanceUID"),
            Map.entry(MODALITY, "Modality"),
            Map.entry(PATIENT_ID, "PatientID"),
            Map.entry(VIEW_POSITION, "ViewPosition"),
            Map.entry(STUDY_INSTANCE_UID, "StudyInstanceUID"),
            Map.entry(SAMPLES_PER_PIXEL, "SamplesPerPixel"),
            Map.entry(PHOTOMETRIC_INTERPRETATION, "PhotometricInterpretation"),
            Map.entry(PLANAR_CONFIGURATION, "PlanarConfiguration"),
            Map.entry(NUMBER_OF_FRAMES, "NumberOfFrames"),
            Map.entry(ROWS, "Rows"),
            Map.entry(COLUMNS, "Columns"),
            Map.entry(BITS_ALLOCATED, "BitsAllocated"),
            Map.entry(BITS_STORED, "BitsStored"),
            Map.entry(HIGH_BIT, "HighBit"),
            Map.entry(PIXEL_REPRESENTATION, "PixelRepresentation"),
            Map.entry(WINDOW_CENTER, "WindowCenter"),
            Map.entry(WINDOW_WIDTH, "WindowWidth"),
            Map.entry(RESCALE_INTERCEPT, "RescaleIntercept"),
            Map.entry(RESCALE_SLOPE, "RescaleSlope"),
            Map.entry(VOI_LUT_FUNCTION, "VOILUTFunction"),
            Map.entry(EXTENDED_OFFSET_TABLE, "ExtendedOffsetTable"),
            Map.entry(FLOAT_PIXEL_DATA, "FloatPixelData"),
            Map.entry(DOUBLE_FLOAT_PIXEL_DATA, "DoubleFloatPixelData"),
            Map.entry(PIXEL_DATA, "PixelData"),
            Map.entry(ITEM, "Item"),
            Map.entry(ITEM_DELIMITATION, "ItemDelimitationItem"),
            Map.entry(SEQUENCE_DELIMITATION, "SequenceDelimitationItem"));

    private Tags() {}

    /** @return {@code (gggg,eeee)} followed by the keyword when this reader knows it */
    static String describe(int tag) {
        String hex = String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
        String name = NAMES.get(tag);
        return name == null ? "element " + hex : hex + " " + name;
    }

    /** @return the group number of a tag */
    static int group(int tag) {
        return tag >>> 16;
    }
}
