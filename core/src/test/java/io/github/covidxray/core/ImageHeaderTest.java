package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

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
