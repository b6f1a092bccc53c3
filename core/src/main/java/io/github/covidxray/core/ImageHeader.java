package io.github.covidxray.core;

import io.github.covidxray.core.dicom.DicomMetadata;
import io.github.covidxray.core.dicom.DicomReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's format and size, read from its header without decoding any pixels: the PNG {@code IHDR} chunk,
 * the JPEG frame header ({@code SOFn}), DICOM's Rows and Columns; other formats ask ImageIO's reader for the
 * size only. Use it to budget memory before decoding (the batch path and the HTTP service do), or to refuse
 * an input early with {@link ReadOptions#sizeProblem}. Immutable.
 *
 * @param format {@code PNG}, {@code JPEG}, {@code DICOM}, or ImageIO's format name in upper case ({@code BMP},
 *     {@code TIFF}, ...)
 * @param width the width in pixels
 * @param height the height in pixels (of one frame, for multi-frame DICOM)
 */
public record ImageHeader(String format, int width, int height) {

    /** How much of a file is read first; PNG, JPEG and most DICOM headers fit. */
    private static final int PREFIX_BYTES = 16 * 1024;

    /** Validates. */
    public ImageHeader {
        Objects.requireNonNull(format, "format");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be >= 1, got " + width + "x" + height);
        }
    }

    /** @return width x height, the number of pixels a decoder allocates for one frame */
    public long pixels() {
        return (long) width * height;
    }

    /**
     * @param image a decoded image
     * @return its size, format {@code DECODED}
     */
    public static ImageHeader of(XrayImage image) {
        return new ImageHeader("DECODED", image.width(), image.height());
    }

    /**
     * Reads a file's header: usually its first 16 KB, the whole file only for formats whose size may sit
     * anywhere (TIFF) or behind a large JPEG metadata segment.
     *
     * @param file the image file
     * @return its format and size
     * @throws InvalidImageException if the file is missing, unreadable, not an image the SDK reads, or its
     *     header is damaged; the message names the file
     */
    public static ImageHeader probe(Path file) throws InvalidImageException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidImageException(name, "is a directory, expected an image file");
        }
        byte[] prefix;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            prefix = in.readNBytes(PREFIX_BYTES);
            size = prefix.length < PREFIX_BYTES ? prefix.length : Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(name, "file not found", e);
        } catch (IOException e) {
            throw new InvalidImageException(name, "cannot read file: " + e.getMessage(), e);
        }
        if (prefix.length == 0) {
            throw new InvalidImageException(name, "empty file (0 bytes), expected an image");
        }
        if (DicomReader.isDicom(prefix)) {
            return dicom(DicomReader.readMetadata(file), name);
        }
        ImageHeader quick = fromPrefix(prefix, name, prefix.length == size);
        if (quick != null) {
            return quick;
        }
        try {
            return fromPrefix(Files.readAllBytes(file), name, true);
        } catch (IOException e) {
            throw new InvalidImageException(name, "cannot read file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the header of an encoded image in memory.
     *
     * @param encoded the file's bytes (or at least its header; a truncated JPEG or TIFF may not show its size)
     * @param name how to name the input in messages
     * @return its format and size
     * @throws InvalidImageException if the bytes are not an image the SDK reads or the header is damaged
     */
    public static ImageHeader probe(byte[] encoded, String name) throws InvalidImageException {
        Objects.requireNonNull(encoded, "encoded");
        String source = name == null ? "<memory>" : name;
        if (encoded.length == 0) {
            throw new InvalidImageException(source, "empty file (0 bytes), expected an image");
        }
        if (DicomReader.isDicom(encoded)) {
            return dicom(DicomReader.readMetadata(encoded, source), source);
        }
        return fromPrefix(encoded, source, true);
    }

    private static ImageHeader dicom(DicomMetadata md, String name) throws InvalidImageException {
        return checked(name, "DICOM", md.columns(), md.rows());
    }

    /**
     * @param complete whether {@code b} is the whole input
     * @return the header, or {@code null} when more bytes are needed
     */
    private static ImageHeader fromPrefix(byte[] b, String name, boolean complete) throws InvalidImageException {
        if (PngDecoder.isPng(b)) {
            if (b.length < 24 || readInt(b, 12) != 0x49484452) {
                throw new InvalidImageException(name, "truncated or corrupt PNG: no valid IHDR chunk");
            }
            return checked(name, "PNG", readInt(b, 16), readInt(b, 20));
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            ImageHeader jpeg = jpeg(b, name);
            if (jpeg != null) {
                return jpeg;
            }
            if (complete) {
                throw new InvalidImageException(name, "truncated or corrupt JPEG: no frame header (SOF) before "
                        + "the image data");
            }
            return null;
        }
        return complete ? viaImageIo(b, name) : null;
    }

    /** Walks the marker segments up to the first SOFn; {@code null} if the bytes end first. */
    private static ImageHeader jpeg(byte[] d, String name) throws InvalidImageException {
        int pos = 2;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xFF) != 0xFF) {
                throw new InvalidImageException(name, "corrupt JPEG: no marker at byte " + pos);
            }
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new InvalidImageException(name, "corrupt JPEG: image data before any frame header (SOF)");
            }
            int length = (d[pos + 2] & 0xFF) << 8 | (d[pos + 3] & 0xFF);
            if (length < 2) {
                throw new InvalidImageException(name, "corrupt JPEG: segment length " + length + " at byte " + pos);
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (pos + 9 > d.length) {
                    return null;
                }
                int height = (d[pos + 5] & 0xFF) << 8 | (d[pos + 6] & 0xFF);
                int width = (d[pos + 7] & 0xFF) << 8 | (d[pos + 8] & 0xFF);
                if (height == 0) {
                    // Height 0 means "defined by a later DNL marker": leave it to the decoder.
                    return viaImageIo(d, name);
                }
                return checked(name, "JPEG", width, height);
            }
            pos += 2 + length;
        }
        return null;
    }

    private static ImageHeader viaImageIo(byte[] b, String name) throws InvalidImageException {
        ImageDecoder.ensurePluginsRegistered();
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new InvalidImageException(name, "not a supported image format (expected PNG, JPEG, BMP, TIFF or "
                        + "DICOM; file starts with " + ImageDecoder.describeMagic(b) + ")");
            }
            ImageReader reader = ImageDecoder.preferStandard(readers);
            try {
                reader.setInput(iis, true, true);
                return checked(name, reader.getFormatName().toUpperCase(Locale.ROOT), reader.getWidth(0),
                        reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(name, "truncated or corrupt image header (" + e + ")", e);
        }
    }

    private static ImageHeader checked(String name, String format, long width, long height)
            throws InvalidImageException {
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new InvalidImageException(name, "corrupt " + format + ": size " + width + "x" + height);
        }
        return new ImageHeader(format, (int) width, (int) height);
    }

    private static long readInt(byte[] b, int pos) {
        return ((b[pos] & 0xFFL) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
    }
}
