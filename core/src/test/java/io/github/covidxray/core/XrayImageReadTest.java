package io.github.covidxray.core;

import static io.github.covidxray.core.testing.TestImages.encode;
import static io.github.covidxray.core.testing.TestImages.gray16;
import static io.github.covidxray.core.testing.TestImages.gray8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.testing.PngFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XrayImageReadTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff"})
    void losslessEightBitFormatsRoundTripExactly(String format) throws Exception {
        BufferedImage src = gray8(64, 48, (x, y) -> (x * 7 + y * 3) & 0xFF);
        XrayImage img = XrayImage.read(encode(src, format), "t." + format);
        assertEquals(64, img.width());
        assertEquals(48, img.height());
        assertEquals(8, img.bitsStored());
        for (int y = 0; y < 48; y += 5) {
            for (int x = 0; x < 64; x += 3) {
                assertEquals((x * 7 + y * 3) & 0xFF, img.pixel(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "tiff"})
    void sixteenBitKeepsAllSixteenBits(String format) throws Exception {
        BufferedImage src = gray16(40, 30, (x, y) -> x * 1500 + y * 17 + 3);
        XrayImage img = XrayImage.read(encode(src, format), "t16." + format);
        assertEquals(16, img.bitsStored());
        assertEquals(2, img.bytesPerPixel());
        assertEquals(65535, img.maxValue());
        assertEquals(39 * 1500 + 29 * 17 + 3, img.pixel(39, 29));
        assertEquals(3, img.pixel(0, 0));
        // values that differ only in the low byte must stay distinct (no squashing to 8 bits)
        assertEquals(1, img.pixel(0, 1) - img.pixel(0, 0) - 16);
    }

    @Test
    void rgbBecomesLumaWithBt601Weights() throws Exception {
        BufferedImage rgb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                rgb.setRGB(x, y, x < 10 ? new Color(200, 100, 50).getRGB() : new Color(10, 250, 30).getRGB());
            }
        }
        XrayImage img = XrayImage.read(encode(rgb, "png"), "rgb.png");
        assertEquals(8, img.bitsStored());
        assertEquals(Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50), img.pixel(0, 0));
        assertEquals(Math.round(0.299 * 10 + 0.587 * 250 + 0.114 * 30), img.pixel(15, 5));
    }

    @Test
    void rgbaIgnoresAlphaAndPaletteUsesItsColours() throws Exception {
        BufferedImage rgba = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                rgba.setRGB(x, y, new Color(90, 90, 90, 10).getRGB());
            }
        }
        assertEquals(90, XrayImage.read(encode(rgba, "png"), "rgba.png").pixel(3, 3));

        byte[] r = {0, (byte) 255};
        byte[] g = {0, (byte) 0};
        byte[] b = {0, (byte) 0};
        BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(5, 5, 0, 1);
        XrayImage img = XrayImage.read(encode(indexed, "png"), "palette.png");
        assertEquals(Math.round(0.299 * 255), img.pixel(5, 5));
        assertEquals(0, img.pixel(0, 0));
    }

    @Test
    void jpegGrayAndColourAreReadClosely() throws Exception {
        BufferedImage gray = gray8(64, 64, (x, y) -> 128);
        XrayImage g = XrayImage.read(encode(gray, "jpeg"), "g.jpg");
        assertTrue(Math.abs(g.pixel(30, 30) - 128) <= 2);

        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        var gfx = rgb.createGraphics();
        gfx.setColor(new Color(100, 100, 100));
        gfx.fillRect(0, 0, 64, 64);
        gfx.dispose();
        XrayImage c = XrayImage.read(encode(rgb, "jpeg"), "c.jpg");
        assertTrue(Math.abs(c.pixel(30, 30) - 100) <= 3, "got " + c.pixel(30, 30));
    }

    @Test
    void readsFromPathStreamAndBytesAlike() throws Exception {
        byte[] png = encode(gray8(32, 32, (x, y) -> x + y), "png");
        Path file = tmp.resolve("a.png");
        Files.write(file, png);
        XrayImage a = XrayImage.read(file);
        XrayImage b = XrayImage.read(new ByteArrayInputStream(png), "stream");
        XrayImage c = XrayImage.read(png, "bytes");
        assertArrayEquals(a.toIntArray(), b.toIntArray());
        assertArrayEquals(a.toIntArray(), c.toIntArray());
        assertEquals(file.toString(), a.source());
    }

    @Test
    void badInputsGetTypedErrorsNamingTheFileAndProblem() throws Exception {
        Path missing = tmp.resolve("missing.png");
        assertMessage(missing, "file not found");

        assertMessage(tmp, "is a directory");

        Path empty = Files.createFile(tmp.resolve("empty.png"));
        assertMessage(empty, "empty file");

        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "this is not an image", StandardCharsets.UTF_8);
        assertMessage(text, "not a supported image format");

        byte[] png = encode(gray8(200, 200, (x, y) -> (x * y) & 0xFF), "png");
        Path truncatedPng = tmp.resolve("trunc.png");
        Files.write(truncatedPng, Arrays.copyOf(png, png.length / 2));
        assertMessage(truncatedPng, "");

        byte[] jpg = encode(gray8(200, 200, (x, y) -> (x * y) & 0xFF), "jpeg");
        Path truncatedJpg = tmp.resolve("trunc.jpg");
        Files.write(truncatedJpg, Arrays.copyOf(jpg, jpg.length / 2));
        assertMessage(truncatedJpg, "");
    }

    @Test
    void tinyImagesAreRejected() {
        byte[] png = encode(gray8(1, 1, (x, y) -> 7), "png");
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> XrayImage.read(png, "dot.png"));
        assertTrue(e.getMessage().contains("1x1"), e.getMessage());
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
    }

    @Test
    void pixelLimitRejectsFromTheHeaderBeforeDecoding() {
        // 100000 x 100000 declared in the header; the body is tiny. Must fail fast without allocating 10 GB.
        byte[] bomb = PngFiles.declaredOnly(100_000, 100_000);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> XrayImage.read(bomb, "bomb.png"));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());

        byte[] png = encode(gray8(64, 64, (x, y) -> 1), "png");
        ReadOptions strict = ReadOptions.builder().optMaxPixels(1000).build();
        assertThrows(InvalidImageException.class, () -> XrayImage.read(png, "small.png", strict));
    }

    private void assertMessage(Path file, String fragment) {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> XrayImage.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        assertEquals(file.toString(), e.source());
    }

    @Test
    void theDecoderWarmUpImagesAreRealImagesOfBothCodecs() throws Exception {
        // The warm-up only helps if it runs the JPEG codec and the PNG decoder for real.
        for (String name : new String[] {"warm-up.jpg", "warm-up.png"}) {
            try (java.io.InputStream in = ImageDecoder.class.getResourceAsStream(name)) {
                org.junit.jupiter.api.Assertions.assertNotNull(in, name);
                XrayImage image = ImageDecoder.read(in.readAllBytes(), name, ReadOptions.defaults());
                org.junit.jupiter.api.Assertions.assertEquals(16, image.width(), name);
                org.junit.jupiter.api.Assertions.assertEquals(16, image.height(), name);
            }
        }
    }
}
