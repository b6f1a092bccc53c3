package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHeaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheSizeOfEveryFormatWithoutDecoding() throws Exception {
        for (String format : new String[] {"png", "jpeg", "bmp", "tiff"}) {
            byte[] bytes = TestImages.encode(TestImages.chestLike(71, 53, 1), format);
            ImageHeader fromBytes = ImageHeader.probe(bytes, "x." + format);
            assertEquals(71, fromBytes.width(), format);
            assertEquals(53, fromBytes.height(), format);
            Path file = tmp.resolve("x." + format);
            Files.write(file, bytes);
            assertEquals(fromBytes, ImageHeader.probe(file), format);
        }
        int[] px = new int[40 * 30];
        byte[] dicom = TestDicom.builder(30, 40).bits(16, 12).frame(px).build(); // 30 rows of 40 columns
        ImageHeader header = ImageHeader.probe(dicom, "scan");
        assertEquals(new ImageHeader("DICOM", 40, 30), header);
        XrayImage decoded = XrayImage.read(dicom, "scan");
        assertEquals(header.pixels(), decoded.pixelCount());
        assertEquals(header.width(), decoded.width());
        Files.write(tmp.resolve("scan"), dicom);
        assertEquals(header, ImageHeader.probe(tmp.resolve("scan")));
    }

    @Test
    void agreesWithTheDecoderOnLargeImages() throws Exception {
        byte[] png = TestImages.encode(TestImages.chestLike(1500, 1200, 2), "png");
        XrayImage decoded = XrayImage.read(png, "big.png");
        ImageHeader header = ImageHeader.probe(png, "big.png");
        assertEquals(decoded.width(), header.width());
        assertEquals(decoded.height(), header.height());
        assertEquals(1500L * 1200, header.pixels());
    }

    @Test
    void aJpegWithLargeMetadataBeforeItsFrameHeaderIsStillProbed() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.chestLike(64, 48, 3), "jpeg");
        // An APP1 segment of 60 KB (EXIF-sized) right after SOI pushes the SOF past the first read.
        int segment = 60_000;
        byte[] padded = new byte[jpeg.length + 2 + segment];
        padded[0] = (byte) 0xFF;
        padded[1] = (byte) 0xD8;
        padded[2] = (byte) 0xFF;
        padded[3] = (byte) 0xE1;
        padded[4] = (byte) (segment >> 8);
        padded[5] = (byte) segment;
        System.arraycopy(jpeg, 2, padded, 4 + segment, jpeg.length - 2);
        Path file = tmp.resolve("exif.jpg");
        Files.write(file, padded);
        assertEquals(new ImageHeader("JPEG", 64, 48), ImageHeader.probe(file));
    }

    @Test
    void badInputsAreRefusedNamingTheInput() throws IOException {
        InvalidImageException junk = assertThrows(InvalidImageException.class,
                () -> ImageHeader.probe(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, "junk.bin"));
        assertTrue(junk.getMessage().startsWith("junk.bin") && junk.getMessage().contains("not a supported"),
                junk.getMessage());
        byte[] png = TestImages.encode(TestImages.chestLike(20, 20, 4), "png");
        InvalidImageException cut = assertThrows(InvalidImageException.class,
                () -> ImageHeader.probe(Arrays.copyOf(png, 12), "cut.png"));
        assertTrue(cut.getMessage().contains("IHDR"), cut.getMessage());
        InvalidImageException missing = assertThrows(InvalidImageException.class,
                () -> ImageHeader.probe(tmp.resolve("missing.png")));
        assertTrue(missing.getMessage().contains("missing.png") && missing.getMessage().contains("not found"),
                missing.getMessage());
        Files.write(tmp.resolve("empty.png"), new byte[0]);
        assertThrows(InvalidImageException.class, () -> ImageHeader.probe(tmp.resolve("empty.png")));
        byte[] sofless = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2};
        InvalidImageException noFrame = assertThrows(InvalidImageException.class,
                () -> ImageHeader.probe(sofless, "nosof.jpg"));
        assertTrue(noFrame.getMessage().contains("SOF"), noFrame.getMessage());
    }

    @Test
    void aHeaderOverTheReadLimitCanBeRefusedBeforeDecoding() throws Exception {
        byte[] png = TestImages.encode(TestImages.chestLike(300, 200, 5), "png");
        ImageHeader header = ImageHeader.probe(png, "p.png");
        ReadOptions tight = ReadOptions.builder().optMaxPixels(50_000).build();
        String problem = tight.sizeProblem(header.format(), header.width(), header.height());
        assertTrue(problem != null && problem.contains("60000"), problem);
    }

    @Test
    void readsPngJpegAndDicomSizesWithoutDecoding() throws Exception {
        assertEquals(new ImageHeader("PNG", 37, 21),
                ImageHeader.probe(TestImages.encode(TestImages.gray16(37, 21, (x, y) -> x * y), "png"), "a.png"));
        assertEquals(new ImageHeader("JPEG", 40, 30),
                ImageHeader.probe(TestImages.encode(TestImages.gray8(40, 30, (x, y) -> x + y), "jpg"), "a.jpg"));
        int[] pixels = new int[24 * 18];
        ImageHeader dicom = ImageHeader.probe(TestDicom.builder(18, 24).frame(pixels).build(), "a.dcm");
        assertEquals(new ImageHeader("DICOM", 24, 18), dicom);
    }

    @Test
    void readsTheDeclaredSizeOfADecompressionBombWithoutInflatingIt() throws Exception {
        ImageHeader bomb = ImageHeader.probe(PngBomb.header(60_000, 60_000), "bomb.png");
        assertEquals(3_600_000_000L, bomb.pixels());
    }

    @Test
    void rejectsWhatIsNotAnImageNamingTheInput() {
        InvalidImageException text = assertThrows(InvalidImageException.class,
                () -> ImageHeader.probe("hello, not an image".getBytes(), "note.txt"));
        assertTrue(text.getMessage().contains("note.txt"), text.getMessage());
        byte[] png = TestImages.encode(TestImages.gray8(10, 10, (x, y) -> x), "png");
        assertThrows(InvalidImageException.class, () -> ImageHeader.probe(Arrays.copyOf(png, 14), "cut.png"));
        assertThrows(InvalidImageException.class, () -> ImageHeader.probe(new byte[0], "empty"));
    }
}
