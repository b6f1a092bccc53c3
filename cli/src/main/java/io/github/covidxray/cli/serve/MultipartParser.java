package io.github.covidxray.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A strict parser of {@code multipart/form-data} bodies (RFC 7578 on the syntax of RFC 2046) held in
 * memory. It rejects, with a message naming the problem and its byte offset, anything it cannot parse
 * unambiguously: a missing opening or closing boundary, parts without {@code Content-Disposition},
 * header blocks that are too long, more parts than allowed. Immutable and thread-safe.
 */
final class MultipartParser {

    /** RFC 2046: a boundary has 1 to 70 characters. */
    private static final int MAX_BOUNDARY = 70;
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final ByteSearch HEADER_END = new ByteSearch("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    private final int maxParts;

    /** @param maxParts the most parts one body may have */
    MultipartParser(int maxParts) {
        this.maxParts = maxParts;
    }

    /**
     * @param body the whole request body
     * @param boundary the {@code boundary} parameter of the request's Content-Type
     * @return the parts, in order
     * @throws MultipartException naming the problem
     */
    List<MultipartPart> parse(byte[] body, String boundary) throws MultipartException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MultipartException("multipart boundary must have 1 to " + MAX_BOUNDARY + " characters, found "
                    + (boundary == null ? "none" : boundary.length()));
        }
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        ByteSearch delimiter = new ByteSearch(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        int pos = openingBoundaryEnd(body, dashBoundary, delimiter);
        List<MultipartPart> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                return parts; // close delimiter; anything after it is the epilogue, ignored as RFC 2046 says
            }
            pos = skipPaddingAndCrlf(body, pos);
            int end = delimiter.indexOf(body, pos, body.length);
            if (end < 0) {
                throw new MultipartException("multipart part " + (parts.size() + 1) + " starting at byte " + pos
                        + " has no closing boundary: body truncated?");
            }
            if (parts.size() == maxParts) {
                throw new MultipartException("expected at most " + maxParts + " parts in one request, found more");
            }
            parts.add(part(body, pos, end, parts.size() + 1));
            pos = end + delimiter.length();
        }
    }

    private static int openingBoundaryEnd(byte[] body, byte[] dashBoundary, ByteSearch delimiter)
            throws MultipartException {
        if (startsWith(body, 0, dashBoundary)) {
            return dashBoundary.length;
        }
        int at = delimiter.indexOf(body, 0, body.length); // after a preamble
        if (at < 0) {
            throw new MultipartException("multipart body does not contain its boundary '"
                    + new String(dashBoundary, StandardCharsets.ISO_8859_1) + "'");
        }
        return at + delimiter.length();
    }

    private static int skipPaddingAndCrlf(byte[] body, int pos) throws MultipartException {
        int i = pos;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
            i++;
        }
        if (!startsWith(body, i, CRLF)) {
            throw new MultipartException("expected CRLF after the multipart boundary at byte " + i);
        }
        return i + 2;
    }

    private static MultipartPart part(byte[] body, int start, int end, int number) throws MultipartException {
        int contentStart;
        String headerBlock;
        if (startsWith(body, start, CRLF)) {
            headerBlock = "";
            contentStart = start + 2;
        } else {
            int headerEnd = HEADER_END.indexOf(body, start, Math.min(end, start + MAX_HEADER_BYTES + 4));
            if (headerEnd < 0) {
                throw new MultipartException("multipart part " + number + " has no end of headers within "
                        + MAX_HEADER_BYTES + " bytes");
            }
            headerBlock = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            contentStart = headerEnd + 4;
        }
        String disposition = null;
        String contentType = null;
        for (String line : headerBlock.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("multipart part " + number + ": malformed header line '" + line + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                contentType = value;
            }
        }
        if (disposition == null) {
            throw new MultipartException("multipart part " + number + " has no Content-Disposition header");
        }
        HeaderValue parsed;
        String mediaType;
        try {
            parsed = HeaderValue.parse(disposition);
            mediaType = contentType == null ? null : HeaderValue.parse(contentType).value();
        } catch (IllegalArgumentException e) {
            throw new MultipartException("multipart part " + number + ": " + e.getMessage());
        }
        if (!parsed.value().equals("form-data") || parsed.param("name") == null) {
            throw new MultipartException("multipart part " + number
                    + ": expected Content-Disposition 'form-data; name=...', found '" + disposition + "'");
        }
        return new MultipartPart(parsed.param("name"), parsed.param("filename"), mediaType,
                Arrays.copyOfRange(body, contentStart, end));
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A multipart body that cannot be parsed; the message names the problem. */
    static final class MultipartException extends Exception {
        private static final long serialVersionUID = 1L;

        MultipartException(String message) {
            super(message);
        }
    }
}
