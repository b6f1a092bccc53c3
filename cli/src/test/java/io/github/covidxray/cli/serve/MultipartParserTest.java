package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartParserTest {

    private static final MultipartParser PARSER = new MultipartParser(4);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String message(String body, String boundary) {
        return assertThrows(MultipartParser.MultipartException.class, () -> PARSER.parse(ascii(body), boundary))
                .getMessage();
    }

    @Test
    void parsesPartsWithPreambleEpilogueAndPadding() throws Exception {
        String body = "preamble to ignore\r\n--XyZ  \r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a b;c.png\"\r\n"
                + "Content-Type: Image/PNG\r\n\r\n"
                + "AB --XyZ\r\nCD"
                + "\r\n--XyZ\r\n"
                + "content-disposition: form-data; name=note\r\n\r\n"
                + "hello"
                + "\r\n--XyZ--\r\nepilogue --XyZ ignored";
        List<MultipartPart> parts = PARSER.parse(ascii(body), "XyZ");
        assertEquals(2, parts.size());
        assertEquals("file", parts.get(0).name());
        assertEquals("a b;c.png", parts.get(0).filename());
        assertEquals("image/png", parts.get(0).contentType());
        assertArrayEquals(ascii("AB --XyZ\r\nCD"), parts.get(0).content(),
                "the boundary not at the start of a line is content");
        assertEquals("note", parts.get(1).name());
        assertNull(parts.get(1).filename());
        assertEquals("hello", new String(parts.get(1).content(), StandardCharsets.UTF_8));
    }

    @Test
    void keepsBinaryContentExactly() throws Exception {
        byte[] content = new byte[5000];
        new Random(3).nextBytes(content);
        byte[] head = ascii("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n");
        byte[] tail = ascii("\r\n--b--\r\n");
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        assertArrayEquals(content, PARSER.parse(body, "b").get(0).content());
    }

    @Test
    void acceptsEmptyContentAndPartsWithoutHeaders() throws Exception {
        List<MultipartPart> parts = PARSER.parse(ascii(
                "--b\r\nContent-Disposition: form-data; name=\"e\"; filename=\"\"\r\n\r\n\r\n--b--"), "b");
        assertEquals(0, parts.get(0).content().length);
        assertEquals("", parts.get(0).filename());
        assertTrue(message("--b\r\n\r\nbody\r\n--b--", "b").contains("no Content-Disposition"));
    }

    @Test
    void rejectsWhatItCannotParseUnambiguously() {
        assertTrue(message("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ndata", "b")
                .contains("no closing boundary"));
        assertTrue(message("no boundary anywhere", "b").contains("does not contain its boundary"));
        assertTrue(message("--bGARBAGE", "b").contains("expected CRLF"));
        assertTrue(message("--b\r\nContent-Disposition: form-data; name=f\r\n\r\nx\r\n--b-longer\r\n--b--", "b")
                .contains("expected CRLF"), "RFC 2046: a boundary must not occur at a line start inside content");
        assertTrue(message("--b\r\nContent-Disposition: attachment; filename=x\r\n\r\nx\r\n--b--", "b")
                .contains("form-data; name="));
        assertTrue(message("--b\r\nNoColonHere\r\n\r\nx\r\n--b--", "b").contains("malformed header line"));
        assertTrue(message("--b\r\nContent-Disposition: form-data; name=\"unterminated\r\n\r\nx\r\n--b--", "b")
                .contains("unterminated"));
        assertTrue(message("--b", null).contains("found none"));
        assertTrue(message("--b", "x".repeat(71)).contains("1 to 70"));
        assertTrue(message("--b\r\nContent-Disposition: form-data; name=f\r\n" + "X-Pad: " + "p".repeat(9000)
                + "\r\n\r\nx\r\n--b--", "b").contains("no end of headers"));
    }

    @Test
    void limitsThePartCount() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nx\r\n");
        }
        body.append("--b--");
        assertTrue(message(body.toString(), "b").contains("at most 4 parts"));
    }

    @Test
    void parsesHeaderParameters() {
        HeaderValue v = HeaderValue.parse("Multipart/Form-Data ; Boundary=\"a\\\"b\" ; charset=utf-8");
        assertEquals("multipart/form-data", v.value());
        assertEquals(Map.of("boundary", "a\"b", "charset", "utf-8"), v.params());
        assertEquals("image/png", HeaderValue.parse("image/png").value());
        assertThrows(IllegalArgumentException.class, () -> HeaderValue.parse("a; b"));
        assertThrows(IllegalArgumentException.class, () -> HeaderValue.parse("a; b=\"x\"y"));
    }
}
