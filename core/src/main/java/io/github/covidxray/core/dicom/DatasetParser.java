package io.github.covidxray.core.dicom;

import io.github.covidxray.core.dicom.ParsedDataset.Element;
import io.github.covidxray.core.dicom.ParsedDataset.Fragments;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a DICOM Part 10 file (or a bare dataset) and records where the elements this reader needs lie.
 * The bytes are untrusted: every length is checked against what remains before it is used, undefined
 * lengths are followed to their delimiters with a nesting limit, and every problem is a
 * {@link DicomException} naming the element. Walking stops at the top-level pixel data.
 *
 * <p>One instance parses one input; not thread-safe (the static entry point makes a new one).
 */
final class DatasetParser {

    /** Sequences nested deeper than this are refused: real files nest a handful of levels. */
    static final int MAX_DEPTH = 32;

    static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    private static final Logger LOG = LoggerFactory.getLogger(DatasetParser.class);

    private static final Set<Integer> WANTED = Set.of(Tags.SOP_CLASS_UID, Tags.SOP_INSTANCE_UID, Tags.MODALITY,
            Tags.PATIENT_ID, Tags.VIEW_POSITION, Tags.STUDY_INSTANCE_UID, Tags.SAMPLES_PER_PIXEL,
            Tags.PHOTOMETRIC_INTERPRETATION, Tags.PLANAR_CONFIGURATION, Tags.NUMBER_OF_FRAMES, Tags.ROWS,
            Tags.COLUMNS, Tags.BITS_ALLOCATED, Tags.BITS_STORED, Tags.HIGH_BIT, Tags.PIXEL_REPRESENTATION,
            Tags.WINDOW_CENTER, Tags.WINDOW_WIDTH, Tags.RESCALE_INTERCEPT, Tags.RESCALE_SLOPE,
            Tags.VOI_LUT_FUNCTION, Tags.EXTENDED_OFFSET_TABLE, Tags.FLOAT_PIXEL_DATA,
            Tags.DOUBLE_FLOAT_PIXEL_DATA, Tags.PIXEL_DATA);

    /** Thrown in prefix mode when the prefix ends before the pixel data: read more and try again. */
    static final class NeedMoreBytes extends Exception {
        private static final long serialVersionUID = 1L;

        NeedMoreBytes() {
            super(null, null, false, false);
        }
    }

    /** How the elements at one level are encoded. */
    private record Encoding(boolean explicitVr, boolean bigEndian) {}

    /** One element header: tag, VR (explicit only), value length and where the value starts. */
    private record Header(int tag, String vr, long length, int valueStart) {}

    private final String source;
    private final boolean prefixOnly;
    private final boolean headerOnly;
    private byte[] d;
    private int end;

    private DatasetParser(byte[] bytes, String source, boolean prefixOnly, boolean headerOnly) {
        this.d = bytes;
        this.end = bytes.length;
        this.source = source;
        this.prefixOnly = prefixOnly;
        this.headerOnly = headerOnly;
    }

    /**
     * Parses a whole file.
     *
     * @param bytes the file
     * @param source the name used in messages
     * @param inflateLimit the most bytes a deflated dataset may inflate to
     * @return where everything is
     * @throws DicomException if the file is not a well-formed DICOM dataset
     */
    static ParsedDataset parse(byte[] bytes, String source, long inflateLimit) throws DicomException {
        try {
            return new DatasetParser(bytes, source, false, false).run(inflateLimit);
        } catch (NeedMoreBytes e) {
            throw new IllegalStateException("cannot happen outside prefix mode", e);
        }
    }

    /**
     * Parses the start of a file, up to the pixel data element's header (neither its length nor its
     * fragments are checked).
     *
     * @param prefix the first bytes of the file
     * @param source the name used in messages
     * @param wholeFile whether {@code prefix} is the whole file (then running out is an error)
     * @return where everything is (pixel data locations are not usable)
     * @throws NeedMoreBytes if the prefix ends before the pixel data and is not the whole file
     * @throws DicomException if the file is malformed
     */
    static ParsedDataset parseHeader(byte[] prefix, String source, boolean wholeFile, long inflateLimit)
            throws DicomException, NeedMoreBytes {
        return new DatasetParser(prefix, source, !wholeFile, true).run(inflateLimit);
    }

    /**
     * Tells DICOM from other formats by content: the {@code DICM} magic after the 128-byte preamble, or a
     * bare dataset that starts with a plausible group 0002 or 0008 element.
     *
     * @param b the first bytes of a file (at least 12 for a bare dataset, 132 for Part 10)
     * @return whether the bytes look like DICOM
     */
    static boolean looksLikeDicom(byte[] b) {
        if (hasPreamble(b)) {
            return true;
        }
        if (b.length < 12) {
            return false;
        }
        int groupLe = Bytes.u16(b, 0, false);
        int groupBe = Bytes.u16(b, 0, true);
        boolean explicit = Vr.of(b[4], b[5]) != null;
        if (groupLe == 0x0002 || groupLe == 0x0008) {
            long implicitLength = Bytes.u32(b, 4, false);
            return explicit || implicitLength == UNDEFINED_LENGTH || implicitLength <= b.length - 8L;
        }
        return groupBe == 0x0008 && explicit;
    }

    private static boolean hasPreamble(byte[] b) {
        return b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
    }

    private ParsedDataset run(long inflateLimit) throws DicomException, NeedMoreBytes {
        int pos = hasPreamble(d) ? 132 : 0;
        String tsUid = null;
        if (end - pos >= 8 && Bytes.u16(d, pos, false) == 0x0002) {
            Map<Integer, Element> meta = new HashMap<>();
            Encoding metaEncoding = new Encoding(Vr.of(d[pos + 4], d[pos + 5]) != null, false);
            pos = walkTopLevel(pos, metaEncoding, meta, true);
            Element ts = meta.get(Tags.TRANSFER_SYNTAX_UID);
            if (ts != null) {
                tsUid = trimUid(new String(d, ts.offset(), ts.length(), StandardCharsets.ISO_8859_1));
            }
        } else if (pos == 0 && !looksLikeDicom(d)) {
            throw new DicomException(source, "not a DICOM file: no 'DICM' magic at offset 128 and no dataset at"
                    + " offset 0");
        }
        TransferSyntax syntax = tsUid == null || tsUid.isEmpty() ? null : TransferSyntax.forUid(tsUid);
        Encoding encoding;
        if (syntax != null) {
            encoding = new Encoding(syntax.explicitVr(), syntax.bigEndian());
        } else {
            // No (or an unknown) transfer syntax: the dataset's first element tells its encoding.
            encoding = detectEncoding(pos);
            if (tsUid == null || tsUid.isEmpty()) {
                syntax = !encoding.explicitVr() ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN
                        : encoding.bigEndian() ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
                        : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
                tsUid = syntax.uid();
            }
        }
        if (syntax != null && syntax.deflated()) {
            if (prefixOnly) {
                throw new NeedMoreBytes();
            }
            d = Inflation.inflate(d, pos, end - pos, inflateLimit, source);
            end = d.length;
            pos = 0;
        }
        if (encoding.explicitVr() && !encoding.bigEndian() && end - pos >= 8 && Vr.of(d[pos + 4], d[pos + 5]) == null
                && Bytes.u32(d, pos + 4, false) <= end - pos - 8L) {
            // A known writer defect: explicit VR declared, implicit VR written. Readers accept it; so do we.
            LOG.debug("{}: transfer syntax {} declares explicit VR, but the dataset is implicit VR", source, tsUid);
            encoding = new Encoding(false, false);
        }
        Map<Integer, Element> elements = new HashMap<>();
        pixelDataNative = null;
        pixelFragments = null;
        walkTopLevel(pos, encoding, elements, false);
        return new ParsedDataset(source, tsUid, syntax, d, encoding.bigEndian(), elements, pixelDataNative,
                pixelFragments);
    }

    private Element pixelDataNative;
    private Fragments pixelFragments;

    private static String trimUid(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == '\0' || s.charAt(e - 1) == ' ')) {
            e--;
        }
        return s.substring(0, e).trim();
    }

    private Encoding detectEncoding(int pos) throws DicomException, NeedMoreBytes {
        if (end - pos < 8) {
            truncated("the first dataset element at offset " + pos + " (" + (end - pos) + " bytes left)");
        }
        boolean explicit = Vr.of(d[pos + 4], d[pos + 5]) != null;
        boolean bigEndian = Bytes.u16(d, pos, true) < Bytes.u16(d, pos, false);
        if (bigEndian && !explicit) {
            throw new DicomException(source, "cannot tell how the dataset is encoded: the element at offset " + pos
                    + " is neither explicit VR nor little endian");
        }
        return new Encoding(explicit, bigEndian);
    }

    /**
     * Walks the elements of the dataset (or of the file meta group), recording wanted ones.
     *
     * @return the position after the last element walked
     */
    private int walkTopLevel(int pos, Encoding enc, Map<Integer, Element> found, boolean metaGroup)
            throws DicomException, NeedMoreBytes {
        while (pos < end) {
            if (metaGroup && (end - pos < 2 || Bytes.u16(d, pos, false) != 0x0002)) {
                return pos;
            }
            Header h = readHeader(pos, enc);
            if (Tags.group(h.tag()) == 0xFFFE) {
                throw new DicomException(source, "unexpected " + Tags.describe(h.tag()) + " outside a sequence at"
                        + " offset " + pos);
            }
            if (headerOnly && !metaGroup && h.tag() == Tags.PIXEL_DATA) {
                found.put(h.tag(), new Element(h.tag(), h.vr(), h.valueStart(), 0));
                return end;
            }
            if (!metaGroup && Tags.group(h.tag()) == 0x0002) {
                throw new DicomException(source, Tags.describe(h.tag()) + " (file meta information) found inside"
                        + " the dataset at offset " + pos);
            }
            if (h.length() == UNDEFINED_LENGTH) {
                if (h.tag() == Tags.PIXEL_DATA && !metaGroup) {
                    pixelFragments = readFragments(h.valueStart());
                    found.put(h.tag(), new Element(h.tag(), h.vr(), h.valueStart(), 0));
                    return end;
                }
                pos = skipUndefinedLength(h, enc, 1);
                continue;
            }
            int length = checkLength(h);
            if (metaGroup ? h.tag() == Tags.TRANSFER_SYNTAX_UID : WANTED.contains(h.tag())) {
                found.put(h.tag(), new Element(h.tag(), h.vr(), h.valueStart(), length));
            }
            if (h.tag() == Tags.PIXEL_DATA && !metaGroup) {
                pixelDataNative = found.get(Tags.PIXEL_DATA);
                return end;
            }
            pos = h.valueStart() + length;
        }
        return pos;
    }

    private Header readHeader(int pos, Encoding enc) throws DicomException, NeedMoreBytes {
        if (end - pos < 8) {
            truncated("an element header at offset " + pos + " (" + (end - pos) + " bytes left, expected 8)");
        }
        boolean be = enc.bigEndian();
        int tag = Bytes.tag(d, pos, be);
        if (Tags.group(tag) == 0xFFFE || !enc.explicitVr()) {
            return new Header(tag, null, Bytes.u32(d, pos + 4, be), pos + 8);
        }
        String vr = Vr.of(d[pos + 4], d[pos + 5]);
        if (vr == null) {
            throw new DicomException(source, Tags.describe(tag) + " at offset " + pos + " has VR bytes "
                    + String.format(Locale.ROOT, "0x%02X%02X", d[pos + 4] & 0xFF, d[pos + 5] & 0xFF)
                    + ", expected a DICOM VR such as US or OB (wrong VR, or not the encoding the transfer syntax"
                    + " declares)");
        }
        if (!Vr.hasLongLength(vr)) {
            return new Header(tag, vr, Bytes.u16(d, pos + 6, be), pos + 8);
        }
        if (end - pos < 12) {
            truncated(Tags.describe(tag) + " header at offset " + pos + " (" + (end - pos)
                    + " bytes left, expected 12)");
        }
        return new Header(tag, vr, Bytes.u32(d, pos + 8, be), pos + 12);
    }

    /** Checks a defined length against what remains and that it is even; returns it as an int. */
    private int checkLength(Header h) throws DicomException, NeedMoreBytes {
        long remaining = end - h.valueStart();
        if (h.length() > remaining) {
            truncated(Tags.describe(h.tag()) + " value: length " + h.length() + " but only " + remaining
                    + " bytes remain");
        }
        if ((h.length() & 1) != 0) {
            throw new DicomException(source, Tags.describe(h.tag()) + " has odd length " + h.length()
                    + " at offset " + (h.valueStart() - 8) + "; DICOM value lengths are even");
        }
        return (int) h.length();
    }

    /** Skips an element of undefined length (a sequence) and returns the position after its delimiter. */
    private int skipUndefinedLength(Header h, Encoding enc, int depth) throws DicomException, NeedMoreBytes {
        if (depth > MAX_DEPTH) {
            throw new DicomException(source, Tags.describe(h.tag()) + " at offset " + h.valueStart()
                    + ": sequences nested deeper than " + MAX_DEPTH + " levels");
        }
        Encoding inner = enc;
        if (h.vr() != null) {
            if ("UN".equals(h.vr())) {
                // PS3.5 6.2.2: an undefined-length UN is a sequence encoded in implicit VR little endian.
                inner = new Encoding(false, false);
            } else if (!"SQ".equals(h.vr())) {
                throw new DicomException(source, Tags.describe(h.tag()) + " has undefined length but VR " + h.vr()
                        + "; only SQ, UN and encapsulated PixelData may");
            }
        }
        int pos = h.valueStart();
        while (true) {
            Header item = readItemHeader(pos, inner, h.tag());
            if (item.tag() == Tags.SEQUENCE_DELIMITATION) {
                return item.valueStart();
            }
            if (item.tag() != Tags.ITEM) {
                throw new DicomException(source, Tags.describe(h.tag()) + " sequence: expected an Item (FFFE,E000)"
                        + " or a sequence delimiter at offset " + pos + ", found " + Tags.describe(item.tag()));
            }
            if (item.length() == UNDEFINED_LENGTH) {
                pos = skipItemElements(item.valueStart(), inner, depth, h.tag());
            } else {
                pos = item.valueStart() + checkLength(item);
            }
        }
    }

    /** Walks the elements of an undefined-length item to its delimiter. */
    private int skipItemElements(int pos, Encoding enc, int depth, int sequenceTag)
            throws DicomException, NeedMoreBytes {
        while (true) {
            if (end - pos < 8) {
                truncated("an item of " + Tags.describe(sequenceTag) + " at offset " + pos
                        + ": no item delimiter before the end");
            }
            int tag = Bytes.tag(d, pos, enc.bigEndian());
            if (tag == Tags.ITEM_DELIMITATION) {
                return pos + 8;
            }
            Header h = readHeader(pos, enc);
            if (Tags.group(h.tag()) == 0xFFFE) {
                throw new DicomException(source, "item of " + Tags.describe(sequenceTag) + ": unexpected "
                        + Tags.describe(h.tag()) + " at offset " + pos);
            }
            pos = h.length() == UNDEFINED_LENGTH ? skipUndefinedLength(h, enc, depth + 1)
                    : h.valueStart() + checkLength(h);
        }
    }

    private Header readItemHeader(int pos, Encoding enc, int sequenceTag) throws DicomException, NeedMoreBytes {
        if (end - pos < 8) {
            truncated(Tags.describe(sequenceTag) + " at offset " + pos + ": no sequence delimiter before the end");
        }
        return new Header(Bytes.tag(d, pos, enc.bigEndian()), null, Bytes.u32(d, pos + 4, enc.bigEndian()),
                pos + 8);
    }

    /** Reads the basic offset table and the fragment items of encapsulated pixel data (always little endian). */
    private Fragments readFragments(int pos) throws DicomException, NeedMoreBytes {
        Encoding le = new Encoding(false, false);
        Header bot = readItemHeader(pos, le, Tags.PIXEL_DATA);
        if (bot.tag() != Tags.ITEM) {
            throw new DicomException(source, Tags.describe(Tags.PIXEL_DATA) + " of undefined length: expected the"
                    + " basic offset table item (FFFE,E000) at offset " + pos + ", found " + Tags.describe(bot.tag())
                    + " (native pixel data must have a defined length)");
        }
        if (bot.length() == UNDEFINED_LENGTH || bot.length() % 4 != 0) {
            throw new DicomException(source, Tags.describe(Tags.PIXEL_DATA) + ": basic offset table length "
                    + bot.length() + " is not a multiple of 4");
        }
        int botLength = checkLength(bot);
        long[] offsets = new long[botLength / 4];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Bytes.u32(d, bot.valueStart() + 4 * i, false);
        }
        pos = bot.valueStart() + botLength;
        int first = pos;
        int capacity = 16;
        long[] positions = new long[capacity];
        int[] starts = new int[capacity];
        int[] lengths = new int[capacity];
        int n = 0;
        while (true) {
            Header item = readItemHeader(pos, le, Tags.PIXEL_DATA);
            if (item.tag() == Tags.SEQUENCE_DELIMITATION) {
                break;
            }
            if (item.tag() != Tags.ITEM || item.length() == UNDEFINED_LENGTH) {
                throw new DicomException(source, Tags.describe(Tags.PIXEL_DATA) + " fragment " + n + " at offset "
                        + pos + ": expected an Item (FFFE,E000) of defined length, found "
                        + Tags.describe(item.tag()) + (item.length() == UNDEFINED_LENGTH ? " of undefined length" : ""));
            }
            long remaining = end - item.valueStart();
            if (item.length() > remaining) {
                truncated(Tags.describe(Tags.PIXEL_DATA) + " fragment " + n + ": length " + item.length()
                        + " but only " + remaining + " bytes remain");
            }
            if (n == capacity) {
                capacity *= 2;
                positions = Arrays.copyOf(positions, capacity);
                starts = Arrays.copyOf(starts, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
            }
            positions[n] = pos - first;
            starts[n] = item.valueStart();
            lengths[n] = (int) item.length();
            n++;
            pos = item.valueStart() + (int) item.length();
        }
        return new Fragments(offsets, Arrays.copyOf(positions, n), Arrays.copyOf(starts, n),
                Arrays.copyOf(lengths, n));
    }

    private void truncated(String what) throws DicomException, NeedMoreBytes {
        if (prefixOnly) {
            throw new NeedMoreBytes();
        }
        throw new DicomException(source, "truncated file: " + what);
    }
}
