package io.github.covidxray.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An immutable grayscale X-ray image that keeps its true bit depth.
 *
 * <p>Pixels are unsigned integers in {@code [0, maxValue()]}, stored row-major, top row first. Images
 * whose {@link #bitsStored()} is at most 8 are kept in one byte per pixel, deeper ones (up to 16 bits,
 * as in 16-bit PNG/TIFF or 12-bit DICOM) in two bytes per pixel: nothing is squashed to 8 bits on the way
 * in. Colour images are converted to luminance when read with ITU-R BT.601 luma weights (see {@link ReadOptions}).
 *
 * <p>Instances are immutable and therefore safe to share between threads. The pixel accessors
 * {@link #pixels8()} and {@link #pixels16()} return read-only views without copying, for hot loops.
 */
public final class XrayImage {

    private final int width;
    private final int height;
    private final int bitsStored;
    private final byte[] data8;
    private final short[] data16;
    private final String source;

    private XrayImage(int width, int height, int bitsStored, byte[] data8, short[] data16, String source) {
        this.width = width;
        this.height = height;
        this.bitsStored = bitsStored;
        this.data8 = data8;
        this.data16 = data16;
        this.source = source;
    }

    /**
     * Creates an 8-bit image from a copy of {@code pixels}.
     *
     * @param width width in pixels, at least 1
     * @param height height in pixels, at least 1
     * @param pixels {@code width * height} unsigned 8-bit values, row-major
     * @param source a description of where the image came from (a file name), used in messages
     * @return the image
     * @throws IllegalArgumentException if the sizes do not match
     */
    public static XrayImage ofGray8(int width, int height, byte[] pixels, String source) {
        checkSize(width, height, pixels.length);
        return new XrayImage(width, height, 8, pixels.clone(), null, sourceOrDefault(source));
    }

    /**
     * Creates a 16-bit-storage image from a copy of {@code pixels}.
     *
     * @param width width in pixels, at least 1
     * @param height height in pixels, at least 1
     * @param bitsStored significant bits, 9 to 16 (for example 12 for a 12-bit detector); values above
     *     {@code 2^bitsStored - 1} are rejected
     * @param pixels {@code width * height} unsigned values (read as {@code v & 0xFFFF}), row-major
     * @param source a description of where the image came from, used in messages
     * @return the image
     * @throws IllegalArgumentException if the sizes do not match or a value exceeds the bit depth
     */
    public static XrayImage ofGray16(int width, int height, int bitsStored, short[] pixels, String source) {
        checkSize(width, height, pixels.length);
        if (bitsStored < 9 || bitsStored > 16) {
            throw new IllegalArgumentException("bitsStored must be 9..16 for 16-bit storage, got " + bitsStored);
        }
        short[] copy = pixels.clone();
        if (bitsStored < 16) {
            int max = (1 << bitsStored) - 1;
            for (short v : copy) {
                if ((v & 0xFFFF) > max) {
                    throw new IllegalArgumentException(
                            "pixel value " + (v & 0xFFFF) + " exceeds " + bitsStored + "-bit range (max " + max + ")");
                }
            }
        }
        return new XrayImage(width, height, bitsStored, null, copy, sourceOrDefault(source));
    }

    /**
     * Creates a 16-bit image (all 16 bits significant) from a copy of {@code pixels}.
     *
     * @param width width in pixels
     * @param height height in pixels
     * @param pixels {@code width * height} unsigned 16-bit values
     * @param source where the image came from
     * @return the image
     */
    public static XrayImage ofGray16(int width, int height, short[] pixels, String source) {
        return ofGray16(width, height, 16, pixels, source);
    }

    /**
     * The gray value reading gives a colour pixel: ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B} in 16.16
     * fixed point, rounded, with the integer weights PIL's {@code convert("L")} uses. The one formula for PNG,
     * JPEG and DICOM colour alike.
     *
     * @param r red, at any depth up to 16 bits
     * @param g green, at the same depth
     * @param b blue, at the same depth
     * @return the luma, at that depth
     */
    public static int luma(int r, int g, int b) {
        return (int) ((r * 19595L + g * 38470L + b * 7471L + 0x8000L) >> 16);
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, TIFF or DICOM; recognised by content, not by name) with default
     * {@link ReadOptions}.
     *
     * @param file the file
     * @return the image
     * @throws InvalidImageException if the file is missing, empty, truncated, too large or not an image
     */
    public static XrayImage read(Path file) throws InvalidImageException {
        return ImageDecoder.read(file, ReadOptions.defaults());
    }

    /**
     * Reads an image file with the given options.
     *
     * @param file the file
     * @param options limits and decoding options
     * @return the image
     * @throws InvalidImageException if the file cannot be read as an image; the message names the file
     */
    public static XrayImage read(Path file, ReadOptions options) throws InvalidImageException {
        return ImageDecoder.read(file, options);
    }

    /**
     * Reads an image from encoded bytes.
     *
     * @param encoded the encoded image (PNG, JPEG, DICOM, ...)
     * @param source a name for the bytes, used in messages
     * @return the image
     * @throws InvalidImageException if the bytes are not a readable image
     */
    public static XrayImage read(byte[] encoded, String source) throws InvalidImageException {
        return ImageDecoder.read(encoded, source, ReadOptions.defaults());
    }

    /**
     * Reads an image from encoded bytes with the given options.
     *
     * @param encoded the encoded image
     * @param source a name for the bytes, used in messages
     * @param options limits and decoding options
     * @return the image
     * @throws InvalidImageException if the bytes are not a readable image
     */
    public static XrayImage read(byte[] encoded, String source, ReadOptions options) throws InvalidImageException {
        return ImageDecoder.read(encoded, source, options);
    }

    /**
     * Reads an image from a stream, which is read to its end but not closed.
     *
     * @param in the stream
     * @param source a name for the stream, used in messages
     * @return the image
     * @throws InvalidImageException if the stream does not hold a readable image
     * @throws IOException if reading the stream fails
     */
    public static XrayImage read(InputStream in, String source) throws IOException {
        return ImageDecoder.read(in, source, ReadOptions.defaults());
    }

    /**
     * Reads an image from a stream with the given options; the stream is read to its end but not closed.
     *
     * @param in the stream
     * @param source a name for the stream, used in messages
     * @param options limits and decoding options
     * @return the image
     * @throws InvalidImageException if the stream does not hold a readable image
     * @throws IOException if reading the stream fails
     */
    public static XrayImage read(InputStream in, String source, ReadOptions options) throws IOException {
        return ImageDecoder.read(in, source, options);
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return the number of pixels, {@code width * height} */
    public int pixelCount() {
        return width * height;
    }

    /** @return the number of significant bits per pixel, 1 to 16 (8 for ordinary PNG/JPEG) */
    public int bitsStored() {
        return bitsStored;
    }

    /** @return 1 if pixels are stored in bytes ({@link #pixels8()}), 2 if in shorts ({@link #pixels16()}) */
    public int bytesPerPixel() {
        return data8 != null ? 1 : 2;
    }

    /** @return {@code true} if the pixels are stored one byte each */
    public boolean is8Bit() {
        return data8 != null;
    }

    /** @return the largest value a pixel can take, {@code 2^bitsStored - 1} */
    public int maxValue() {
        return (1 << bitsStored) - 1;
    }

    /** @return where the image came from (a file name or a caller-given name); never null */
    public String source() {
        return source;
    }

    /**
     * Returns the same pixels with another source description (no copy).
     *
     * @param newSource the new description
     * @return an image sharing this image's pixels
     */
    public XrayImage withSource(String newSource) {
        return new XrayImage(width, height, bitsStored, data8, data16, sourceOrDefault(newSource));
    }

    /**
     * Copies a rectangle of this image, keeping its storage, bit depth and source.
     *
     * @param x left column, {@code >= 0}
     * @param y top row, {@code >= 0}
     * @param cropWidth columns, {@code >= 1}, with {@code x + cropWidth <= width}
     * @param cropHeight rows, {@code >= 1}, with {@code y + cropHeight <= height}
     * @return the crop
     * @throws IndexOutOfBoundsException if the rectangle is empty or leaves the image
     */
    public XrayImage crop(int x, int y, int cropWidth, int cropHeight) {
        if (cropWidth < 1 || cropHeight < 1) {
            throw new IndexOutOfBoundsException("empty crop " + cropWidth + "x" + cropHeight + " of " + source);
        }
        Objects.checkFromIndexSize(x, cropWidth, width);
        Objects.checkFromIndexSize(y, cropHeight, height);
        if (data8 != null) {
            byte[] px = new byte[cropWidth * cropHeight];
            for (int row = 0; row < cropHeight; row++) {
                System.arraycopy(data8, (y + row) * width + x, px, row * cropWidth, cropWidth);
            }
            return new XrayImage(cropWidth, cropHeight, bitsStored, px, null, source);
        }
        short[] px = new short[cropWidth * cropHeight];
        for (int row = 0; row < cropHeight; row++) {
            System.arraycopy(data16, (y + row) * width + x, px, row * cropWidth, cropWidth);
        }
        return new XrayImage(cropWidth, cropHeight, bitsStored, null, px, source);
    }

    /**
     * Returns one pixel.
     *
     * @param x column, {@code 0 <= x < width}
     * @param y row, {@code 0 <= y < height}
     * @return the unsigned pixel value
     */
    public int pixel(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        int i = y * width + x;
        return data8 != null ? data8[i] & 0xFF : data16[i] & 0xFFFF;
    }

    /**
     * A read-only view of the pixels of an 8-bit-storage image, without copying. Read values as
     * {@code get(i) & 0xFF}.
     *
     * @return the pixel buffer, position 0, limit {@code pixelCount()}
     * @throws IllegalStateException if the image has 16-bit storage
     */
    public ByteBuffer pixels8() {
        if (data8 == null) {
            throw new IllegalStateException("image " + source + " has 16-bit storage; use pixels16()");
        }
        return ByteBuffer.wrap(data8).asReadOnlyBuffer();
    }

    /**
     * A read-only view of the pixels of a 16-bit-storage image, without copying. Read values as
     * {@code get(i) & 0xFFFF}.
     *
     * @return the pixel buffer, position 0, limit {@code pixelCount()}
     * @throws IllegalStateException if the image has 8-bit storage
     */
    public ShortBuffer pixels16() {
        if (data16 == null) {
            throw new IllegalStateException("image " + source + " has 8-bit storage; use pixels8()");
        }
        return ShortBuffer.wrap(data16).asReadOnlyBuffer();
    }

    /**
     * Copies all pixels into a new int array, whatever the storage.
     *
     * @return {@code pixelCount()} unsigned values, row-major
     */
    public int[] toIntArray() {
        int n = pixelCount();
        int[] out = new int[n];
        if (data8 != null) {
            for (int i = 0; i < n; i++) {
                out[i] = data8[i] & 0xFF;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = data16[i] & 0xFFFF;
            }
        }
        return out;
    }

    /**
     * Copies all pixels into {@code dst} as floats in {@code [0, 1]} (value divided by {@link #maxValue()}).
     *
     * @param dst an array of at least {@code pixelCount()} elements
     */
    public void toUnitFloats(float[] dst) {
        int n = pixelCount();
        float scale = 1f / maxValue();
        if (data8 != null) {
            for (int i = 0; i < n; i++) {
                dst[i] = (data8[i] & 0xFF) * scale;
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[i] = (data16[i] & 0xFFFF) * scale;
            }
        }
    }

    /**
     * The raw arrays for this library's own hot loops; callers must never write to them.
     * Not part of the public contract.
     */
    byte[] unsafeData8() {
        return data8;
    }

    short[] unsafeData16() {
        return data16;
    }

    static XrayImage wrap8(int width, int height, byte[] pixels, String source) {
        checkSize(width, height, pixels.length);
        return new XrayImage(width, height, 8, pixels, null, sourceOrDefault(source));
    }

    static XrayImage wrap16(int width, int height, int bitsStored, short[] pixels, String source) {
        checkSize(width, height, pixels.length);
        return new XrayImage(width, height, bitsStored, null, pixels, sourceOrDefault(source));
    }

    private static void checkSize(int width, int height, int length) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
        if ((long) width * height != length) {
            throw new IllegalArgumentException(
                    "expected " + ((long) width * height) + " pixels for " + width + "x" + height + ", got " + length);
        }
    }

    private static String sourceOrDefault(String source) {
        return source == null || source.isBlank() ? "<memory>" : source;
    }

    @Override
    public String toString() {
        return "XrayImage[" + width + "x" + height + ", " + bitsStored + "-bit, " + source + "]";
    }
}
