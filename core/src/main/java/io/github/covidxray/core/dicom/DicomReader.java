package io.github.covidxray.core.dicom;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads DICOM files (Part 10 with the {@code DICM} preamble, or a bare dataset) into an
 * {@link XrayImage} at its true bit depth plus {@link DicomMetadata}.
 *
 * <p><b>Transfer syntaxes:</b> implicit VR little endian, explicit VR little and big endian, deflated
 * explicit VR little endian, RLE lossless, JPEG baseline, extended (12-bit) and lossless (process 14)
 * through TwelveMonkeys' ImageIO plugin, and JPEG 2000 through jai-imageio. Anything else (JPEG-LS,
 * HTJ2K, MPEG, ...) is refused with {@code unsupported transfer syntax <UID> (<name>)}.
 *
 * <p><b>Pixels:</b> BitsAllocated 8 or 16, any BitsStored and HighBit within them, unsigned or two's
 * complement, one frame of a multi-frame file ({@link ReadOptions#frame()}, first by default). The
 * result is always unsigned with bone bright:
 * <ul>
 *   <li><i>Full stored range</i> (the default): each stored value {@code s} becomes
 *       {@code s - min}, where {@code min} is the smallest value BitsStored bits can hold (0 unsigned,
 *       {@code -2^(BitsStored-1)} signed), so the image keeps {@code BitsStored} bits and no value is lost.
 *       Because the modality LUT (RescaleSlope/Intercept) is linear, this equals the rescaled values mapped
 *       from their representable range onto {@code [0, 2^BitsStored - 1]}; a negative slope flips it.</li>
 *   <li><i>VOI window</i> ({@link ReadOptions#applyVoiWindow()} and a window in the file): the rescaled
 *       value goes through the first WindowCenter/WindowWidth pair with VOILUTFunction LINEAR (default),
 *       LINEAR_EXACT or SIGMOID onto the same output range. A file without a window falls back to the
 *       full stored range.</li>
 *   <li>MONOCHROME1 is inverted after either mapping, so bone is bright as in MONOCHROME2.</li>
 *   <li>BitsStored up to 8 gives an 8-bit image (fewer bits are scaled up to 0..255); more keeps its depth.</li>
 *   <li>Colour (RGB, YBR_FULL, YBR_FULL_422, and YBR_RCT/ICT in JPEG 2000) becomes BT.601 luma, as PNG
 *       colour does in this library.</li>
 * </ul>
 *
 * <p>Files are untrusted: lengths are checked before use, sizes against {@link ReadOptions#maxPixels()}
 * before pixel memory is allocated, and every problem is a {@link DicomException} naming the file and the
 * element. Patient names and birth dates are never read or logged. Stateless and thread-safe.
 */
public final class DicomReader {

    private static final Logger LOG = LoggerFactory.getLogger(DicomReader.class);

    private static final int FIRST_PREFIX_BYTES = 64 * 1024;

    private DicomReader() {}

    /**
     * Tells DICOM from other image formats by content, not by file name.
     *
     * @param bytes the file, or at least its first 132 bytes
     * @return whether the bytes carry the {@code DICM} magic at offset 128, or start like a bare dataset
     *     (a group 0002 or 0008 element)
     */
    public static boolean isDicom(byte[] bytes) {
        return DatasetParser.looksLikeDicom(bytes);
    }

    /**
     * Tells whether a file is DICOM from its first bytes (see {@link #isDicom(byte[])}).
     *
     * @param file the file
     * @return whether it looks like DICOM; {@code false} if it cannot be read
     */
    public static boolean isDicom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return isDicom(in.readNBytes(132));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a DICOM file with default options (first frame, full stored range).
     *
     * @param file the file
     * @return the image and metadata
     * @throws DicomException if the file is missing, not DICOM, malformed or not supported
     */
    public static DicomImage read(Path file) throws DicomException {
        return read(file, ReadOptions.defaults());
    }

    /**
     * Reads a DICOM file.
     *
     * @param file the file
     * @param options the frame, window choice and size limits
     * @return the image and metadata
     * @throws DicomException if the file is missing, not DICOM, malformed or not supported
     */
    public static DicomImage read(Path file, ReadOptions options) throws DicomException {
        return read(readAll(file), file.toString(), options);
    }

    /**
     * Reads DICOM bytes.
     *
     * @param bytes the whole file
     * @param source a name for messages
     * @param options the frame, window choice and size limits
     * @return the image and metadata
     * @throws DicomException if the bytes are not DICOM, malformed or not supported
     */
    public static DicomImage read(byte[] bytes, String source, ReadOptions options) throws DicomException {
        String name = source == null || source.isBlank() ? "<memory>" : source;
        try {
            return decode(bytes, name, options);
        } catch (OutOfMemoryError e) {
            throw new DicomException(name, "image too large to decode in available memory", e);
        }
    }

    /**
     * Reads only the header of a DICOM file, up to its pixel data: cheap on large files.
     *
     * @param file the file
     * @return the metadata (pixel values are not checked)
     * @throws DicomException if the file is missing, not DICOM or its header is malformed
     */
    public static DicomMetadata readMetadata(Path file) throws DicomException {
        String source = file.toString();
        try {
            long size = Files.size(file);
            long limit = Math.min(size, Integer.MAX_VALUE - 16L);
            int length = (int) Math.min(limit, FIRST_PREFIX_BYTES);
            while (true) {
                byte[] prefix;
                try (InputStream in = Files.newInputStream(file)) {
                    prefix = in.readNBytes(length);
                }
                try {
                    return MetadataReader.read(DatasetParser.parseHeader(prefix, source, prefix.length >= size,
                            inflateLimit(ReadOptions.defaults())));
                } catch (DatasetParser.NeedMoreBytes e) {
                    if (length >= limit) {
                        throw new DicomException(source, "header larger than " + limit + " bytes");
                    }
                    length = (int) Math.min(limit, length * 4L);
                }
            }
        } catch (DicomException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new DicomException(source, "file not found", e);
        } catch (IOException e) {
            throw new DicomException(source, "cannot read file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads only the header of DICOM bytes, up to the pixel data.
     *
     * @param bytes the file
     * @param source a name for messages
     * @return the metadata (pixel values are not checked)
     * @throws DicomException if the bytes are not DICOM or the header is malformed
     */
    public static DicomMetadata readMetadata(byte[] bytes, String source) throws DicomException {
        try {
            return MetadataReader.read(DatasetParser.parseHeader(bytes, source, true,
                    inflateLimit(ReadOptions.defaults())));
        } catch (DatasetParser.NeedMoreBytes e) {
            throw new IllegalStateException("whole input given", e);
        }
    }

    private static DicomImage decode(byte[] bytes, String source, ReadOptions options) throws DicomException {
        ParsedDataset ds = DatasetParser.parse(bytes, source, inflateLimit(options));
        DicomMetadata md = MetadataReader.read(ds);
        TransferSyntax ts = ds.syntax();
        if (ts == null || ts.codec() == TransferSyntax.Codec.UNSUPPORTED) {
            throw new DicomException(source, "unsupported transfer syntax " + ds.transferSyntaxUid() + " ("
                    + (ts == null ? "unknown" : ts.displayName()) + ")");
        }
        PixelModule m = PixelModule.of(ds, md);
        String sizeProblem = options.sizeProblem("DICOM", m.columns(), m.rows());
        if (sizeProblem != null) {
            throw new DicomException(source, sizeProblem);
        }
        int frame = options.frame();
        if (frame >= m.frames()) {
            throw new DicomException(source, "frame " + frame + " requested (ReadOptions.frame, 0-based), but "
                    + Tags.describe(Tags.NUMBER_OF_FRAMES) + " is " + m.frames());
        }
        RawFrame raw = switch (ts.codec()) {
            case NATIVE -> NativeFrames.extract(ds, m, frame);
            case RLE -> RleDecoder.decode(EncapsulatedFrames.codestream(ds, m, frame, ts.codec()), m, source, frame);
            default -> ImageIoFrameDecoder.decode(EncapsulatedFrames.codestream(ds, m, frame, ts.codec()), m, ts,
                    source, frame);
        };
        VoiWindow window = null;
        if (options.applyVoiWindow() && m.monochrome()) {
            if (md.hasWindow()) {
                window = VoiWindow.of(md, source);
            } else {
                LOG.debug("{}: no VOI window in the file; using the full stored range", source);
            }
        }
        XrayImage image = PixelMapper.toImage(raw, m, window, source);
        return new DicomImage(image, md);
    }

    /** Deflated datasets may inflate to what the largest allowed image needs, plus room for the header. */
    private static long inflateLimit(ReadOptions options) {
        long forPixels = options.maxPixels() * 6 + (16L << 20);
        return Math.min(Integer.MAX_VALUE - 16L, Math.max(64L << 20, forPixels));
    }

    private static byte[] readAll(Path file) throws DicomException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DicomException(source, "is a directory, expected a DICOM file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DicomException(source, "file not found", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new DicomException(source, "cannot read file: " + e.getMessage(), e);
        }
    }
}
