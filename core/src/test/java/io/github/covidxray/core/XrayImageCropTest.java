package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class XrayImageCropTest {

    @Test
    void cropCopiesTheRectangleKeepingStorageDepthAndSource() {
        short[] px = new short[5 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (1000 + i);
        }
        XrayImage image = XrayImage.ofGray16(5, 4, 12, px, "sixteen");
        XrayImage crop = image.crop(1, 2, 3, 2);
        assertEquals(3, crop.width());
        assertEquals(2, crop.height());
        assertEquals(12, crop.bitsStored());
        assertEquals("sixteen", crop.source());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(image.pixel(1 + x, 2 + y), crop.pixel(x, y));
            }
        }
        byte[] b = {1, 2, 3, 4, 5, 6};
        XrayImage gray8 = XrayImage.ofGray8(3, 2, b, "eight").crop(2, 0, 1, 2);
        assertEquals(3, gray8.pixel(0, 0));
        assertEquals(6, gray8.pixel(0, 1));
        assertEquals(true, gray8.is8Bit());
    }

    @Test
    void cropsLeavingTheImageOrEmptyAreRefused() {
        XrayImage image = XrayImage.ofGray8(3, 2, new byte[6], "x");
        assertThrows(IndexOutOfBoundsException.class, () -> image.crop(2, 0, 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> image.crop(0, 1, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> image.crop(0, 0, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> image.crop(-1, 0, 1, 1));
    }
}
