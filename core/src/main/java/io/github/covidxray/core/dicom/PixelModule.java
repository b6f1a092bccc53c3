package io.github.covidxray.core.dicom;

import java.util.Set;

/**
 * The validated image pixel description of a dataset: everything needed to turn stored samples into
 * pixels. Built by {@link #of}, which refuses anything this reader cannot decode correctly.
 */
record PixelModule(
        int rows,
        int columns,
        int samplesPerPixel,
        String photometric,
        boolean planar,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        int frames,
        double rescaleSlope,
        double rescaleIntercept) {

    private static final Set<String> COLOUR = Set.of("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT");

    /** @return whether samples are gray levels (MONOCHROME1 or MONOCHROME2) */
    boolean monochrome() {
        return photometric.startsWith("MONOCHROME");
    }

    /** @return whether a pixel is {@code R, G, B} (else the first sample is luma Y) */
    boolean rgb() {
        return "RGB".equals(photometric);
    }

    /** @return bytes of one native frame (YBR_FULL_422 stores two samples per pixel) */
    long nativeFrameBytes() {
        long samples = (long) rows * columns * ("YBR_FULL_422".equals(photometric) ? 2 : samplesPerPixel);
        return samples * (bitsAllocated / 8);
    }

    /**
     * Reads and checks the image pixel module.
     *
     * @param ds the parsed dataset
     * @param metadata the metadata already read from it
     * @return the module
     * @throws DicomException if a value is missing, inconsistent or not supported
     */
    static PixelModule of(ParsedDataset ds, DicomMetadata metadata) throws DicomException {
        String src = ds.source();
        if (!ds.has(Tags.PIXEL_DATA)) {
            if (ds.has(Tags.FLOAT_PIXEL_DATA) || ds.has(Tags.DOUBLE_FLOAT_PIXEL_DATA)) {
                throw new DicomException(src, "float pixel data " + Tags.describe(ds.has(Tags.FLOAT_PIXEL_DATA)
                        ? Tags.FLOAT_PIXEL_DATA : Tags.DOUBLE_FLOAT_PIXEL_DATA) + " is not supported (expected "
                        + Tags.describe(Tags.PIXEL_DATA) + ")");
            }
            throw new DicomException(src, "no " + Tags.describe(Tags.PIXEL_DATA) + " element: not an image"
                    + " (SOPClassUID " + ds.text(Tags.SOP_CLASS_UID) + ")");
        }
        int rows = require(src, Tags.ROWS, metadata.rows());
        int columns = require(src, Tags.COLUMNS, metadata.columns());
        int bitsAllocated = require(src, Tags.BITS_ALLOCATED, metadata.bitsAllocated());
        int bitsStored = require(src, Tags.BITS_STORED, metadata.bitsStored());
        if (!ds.has(Tags.PIXEL_REPRESENTATION)) {
            throw missing(src, Tags.PIXEL_REPRESENTATION);
        }
        String photometric = metadata.photometricInterpretation();
        if (photometric == null) {
            throw missing(src, Tags.PHOTOMETRIC_INTERPRETATION);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new DicomException(src, Tags.describe(Tags.BITS_ALLOCATED) + " is " + bitsAllocated
                    + ", expected 8 or 16 (other sizes are not supported)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new DicomException(src, Tags.describe(Tags.BITS_STORED) + " is " + bitsStored + ", expected 1.."
                    + bitsAllocated + " (BitsAllocated)");
        }
        int highBit = metadata.highBit();
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new DicomException(src, Tags.describe(Tags.HIGH_BIT) + " is " + highBit + ", expected "
                    + (bitsStored - 1) + ".." + (bitsAllocated - 1) + " for BitsStored " + bitsStored);
        }
        int pixelRepresentation = metadata.pixelRepresentation();
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw new DicomException(src, Tags.describe(Tags.PIXEL_REPRESENTATION) + " is " + pixelRepresentation
                    + ", expected 0 (unsigned) or 1 (signed)");
        }
        int spp = metadata.samplesPerPixel();
        checkPhotometric(src, photometric, spp);
        int planarConfiguration = spp == 3 ? ds.unsignedShort(Tags.PLANAR_CONFIGURATION, 0) : 0;
        if (planarConfiguration > 1) {
            throw new DicomException(src, Tags.describe(Tags.PLANAR_CONFIGURATION) + " is " + planarConfiguration
                    + ", expected 0 or 1");
        }
        int frames = metadata.numberOfFrames();
        if (frames < 1) {
            throw new DicomException(src, Tags.describe(Tags.NUMBER_OF_FRAMES) + " is " + frames
                    + ", expected at least 1");
        }
        if (metadata.rescaleSlope() == 0) {
            throw new DicomException(src, Tags.describe(Tags.RESCALE_SLOPE) + " is 0, expected a non-zero slope");
        }
        if ("YBR_FULL_422".equals(photometric) && columns % 2 != 0) {
            throw new DicomException(src, "YBR_FULL_422 with an odd " + Tags.describe(Tags.COLUMNS) + " " + columns
                    + ": expected an even number of columns");
        }
        return new PixelModule(rows, columns, spp, photometric, planarConfiguration == 1, bitsAllocated, bitsStored,
                highBit, pixelRepresentation == 1, frames, metadata.rescaleSlope(), metadata.rescaleIntercept());
    }

    private static void checkPhotometric(String src, String photometric, int spp) throws DicomException {
        String where = Tags.describe(Tags.PHOTOMETRIC_INTERPRETATION) + " " + photometric;
        if (spp == 1) {
            if (photometric.equals("PALETTE COLOR")) {
                throw new DicomException(src, where + " is not supported (expected MONOCHROME1 or MONOCHROME2)");
            }
            if (!photometric.equals("MONOCHROME1") && !photometric.equals("MONOCHROME2")) {
                throw new DicomException(src, where + " with " + Tags.describe(Tags.SAMPLES_PER_PIXEL)
                        + " 1: expected MONOCHROME1 or MONOCHROME2");
            }
        } else if (spp == 3) {
            if (!COLOUR.contains(photometric)) {
                throw new DicomException(src, where + " with " + Tags.describe(Tags.SAMPLES_PER_PIXEL)
                        + " 3: expected one of " + COLOUR);
            }
        } else {
            throw new DicomException(src, Tags.describe(Tags.SAMPLES_PER_PIXEL) + " is " + spp + ", expected 1 or 3");
        }
    }

    private static int require(String src, int tag, int value) throws DicomException {
        if (value <= 0) {
            throw value == 0 ? missing(src, tag)
                    : new DicomException(src, Tags.describe(tag) + " is " + value + ", expected a positive value");
        }
        return value;
    }

    private static DicomException missing(String src, int tag) {
        return new DicomException(src, "missing, empty or zero " + Tags.describe(tag) + ", which an image needs");
    }
}
