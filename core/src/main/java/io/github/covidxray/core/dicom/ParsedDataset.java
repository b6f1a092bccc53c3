package io.github.covidxray.core.dicom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of walking a dataset: where the values of the elements this reader needs lie, and where
 * the pixel data is. Values are decoded lazily, with the element named in every error.
 */
final class ParsedDataset {

    /** Where one element's value lies in {@link #data()}; {@code vr} is {@code null} in implicit VR. */
    record Element(int tag, String vr, int offset, int length) {}

    /**
     * Encapsulated pixel data: the basic offset table and each fragment's item position (relative to
     * the first fragment's item tag, as offset tables count), value offset and length.
     */
    record Fragments(long[] basicOffsets, long[] itemPositions, int[] offsets, int[] lengths) {
        int count() {
            return offsets.length;
        }
    }

    private final String source;
    private final String transferSyntaxUid;
    private final TransferSyntax syntax;
    private final byte[] data;
    private final boolean bigEndian;
    private final Map<Integer, Element> elements;
    private final Element pixelData;
    private final Fragments fragments;

    ParsedDataset(String source, String transferSyntaxUid, TransferSyntax syntax, byte[] data, boolean bigEndian,
            Map<Integer, Element> elements, Element pixelData, Fragments fragments) {
        this.source = source;
        this.transferSyntaxUid = transferSyntaxUid;
        this.syntax = syntax;
        this.data = data;
        this.bigEndian = bigEndian;
        this.elements = elements;
        this.pixelData = pixelData;
        this.fragments = fragments;
    }

    String source() {
        return source;
    }

    /** @return the UID from the file meta information, or the one implied by the detected encoding */
    String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** @return the known transfer syntax, or {@code null} when the UID is unknown */
    TransferSyntax syntax() {
        return syntax;
    }

    byte[] data() {
        return data;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    boolean has(int tag) {
        return elements.containsKey(tag);
    }

    /** @return the native pixel data element, or {@code null} (absent, or encapsulated) */
    Element pixelData() {
        return pixelData;
    }

    /** @return the encapsulated fragments, or {@code null} when pixel data is native or absent */
    Fragments fragments() {
        return fragments;
    }

    /** @return the text value with DICOM padding (spaces, NULs) trimmed, or {@code null} if absent/empty */
    String text(int tag) throws DicomException {
        Element e = element(tag, Vr.TEXT, "a text VR");
        if (e == null) {
            return null;
        }
        String s = new String(data, e.offset(), e.length(), StandardCharsets.ISO_8859_1);
        int start = 0;
        int end = s.length();
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return start == end ? null : s.substring(start, end);
    }

    /** @return the first value of a multi-valued text element ({@code a\b\c}), or {@code null} */
    private String firstValue(int tag) throws DicomException {
        String s = text(tag);
        if (s == null) {
            return null;
        }
        int sep = s.indexOf('\\');
        String first = (sep < 0 ? s : s.substring(0, sep)).trim();
        return first.isEmpty() ? null : first;
    }

    /** @return the first value of a US element, or {@code absent} when the element is missing or empty */
    int unsignedShort(int tag, int absent) throws DicomException {
        Element e = element(tag, Vr.UNSIGNED_SHORT, "US");
        if (e == null || e.length() == 0) {
            return absent;
        }
        if (e.length() < 2) {
            throw new DicomException(source, Tags.describe(tag) + " has " + e.length()
                    + " byte(s), expected 2 (US)");
        }
        return Bytes.u16(data, e.offset(), bigEndian);
    }

    /** @return the first value of an IS element, or {@code absent} when missing or empty */
    int integerString(int tag, int absent) throws DicomException {
        String s = firstValue(tag);
        if (s == null) {
            return absent;
        }
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new DicomException(source, Tags.describe(tag) + " is '" + clip(s)
                    + "', expected an integer string (IS)");
        }
    }

    /** @return the first value of a DS element, or {@code null} when missing or empty */
    Double decimalString(int tag) throws DicomException {
        String s = firstValue(tag);
        if (s == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && s.chars().allMatch(c -> c == '+' || c == '-' || c == '.' || c == 'e'
                    || c == 'E' || (c >= '0' && c <= '9'))) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DicomException(source, Tags.describe(tag) + " is '" + clip(s)
                + "', expected a decimal string (DS)");
    }

    private Element element(int tag, Set<String> allowedVrs, String expected) throws DicomException {
        Element e = elements.get(tag);
        if (e != null && e.vr() != null && !allowedVrs.contains(e.vr())) {
            throw new DicomException(source, Tags.describe(tag) + " has VR " + e.vr() + ", expected " + expected);
        }
        return e;
    }

    private static String clip(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
