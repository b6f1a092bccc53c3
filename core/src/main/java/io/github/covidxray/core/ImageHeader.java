package io.github.covidxray.core;

import io.github.covidxray.core.dicom.DicomMetadata;
import io.github.covidxray.core.dicom.DicomReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The size of an encoded image, read from its header without decoding any pixel: PNG's IHDR, DICOM's Rows
 * and Columns, the JPEG SOF (and other ImageIO formats' headers). Lets a caller budget decoded memory
 * before committing to a decode. Immutable.
 *
 * @param format the format found, for example {@code PNG}, {@code JPEG} or {@code DICOM}
 * @param width columns of pixels
 * @param height rows of pixels
 */
public record ImageHeader(String format, int width, int height) {

    /** Checks the size is positive. */
    public ImageHeader {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    /** @return {@code width * height}, the pixels a decode produces (per frame) */
    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads an image's size from its header.
     *
     * @param encoded the encoded image (PNG, JPEG, BMP, TIFF or DICOM)
     * @param source a name for the bytes, used in messages
     * @return the format and size
     * @throws InvalidImageException if the bytes are not an image the SDK reads, or the header is damaged
     */
    public static ImageHeader probe(byte[] encoded, String source) throws InvalidImageException {
        if (encoded.length == 0) {
            throw new InvalidImageException(source, "empty file (0 bytes), expected an image");
        }
        if (DicomReader.isDicom(encoded)) {
            DicomMetadata md = DicomReader.readMetadata(encoded, source);
            return checked(source, "DICOM", md.columns(), md.rows());
        }
        if (PngDecoder.isPng(encoded)) {
            return png(encoded, source);
        }
        return imageIo(encoded, source);
    }

    private static ImageHeader png(byte[] b, String source) throws InvalidImageException {
        // Signature (8), IHDR length (4) and type (4), then width and height as big-endian ints.
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new InvalidImageException(source, "truncated or corrupt PNG: no valid IHDR chunk");
        }
        return checked(source, "PNG", bigEndianInt(b, 16), bigEndianInt(b, 20));
    }

    private static ImageHeader imageIo(byte[] encoded, String source) throws InvalidImageException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new InvalidImageException(source,
                        "not a supported image format (expected PNG, JPEG, BMP, TIFF or DICOM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                return checked(source, reader.getFormatName().toUpperCase(Locale.ROOT), reader.getWidth(0),
                        reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(source, "truncated or corrupt image header (" + e + ")", e);
        }
    }

    private static ImageHeader checked(String source, String format, long width, long height)
            throws InvalidImageException {
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new InvalidImageException(source, format + " header declares an impossible size " + width + "x"
                    + height);
        }
        return new ImageHeader(format, (int) width, (int) height);
    }

    private static long bigEndianInt(byte[] b, int pos) {
        return ((b[pos] & 0xFFL) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
    }
}
