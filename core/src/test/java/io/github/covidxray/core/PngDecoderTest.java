package io.github.covidxray.core;

import static io.github.covidxray.core.testing.TestImages.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.covidxray.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast PNG path must give exactly what ImageIO gives, for every variant it accepts. */
class PngDecoderTest {

    private static void assertSameAsImageIo(BufferedImage image) throws Exception {
        byte[] png = encode(image, "png");
        XrayImage fast = PngDecoder.decode(png, "fast", ReadOptions.defaults());
        assertNotNull(fast, "fast path should accept type " + image.getType());
        XrayImage reference = ImageDecoder.decodeWithImageIo(png, "imageio", ReadOptions.defaults());
        assertEquals(reference.bitsStored(), fast.bitsStored());
        assertArrayEquals(reference.toIntArray(), fast.toIntArray());
    }

    @Test
    void noisyGray8UsesAllFiltersAndMatchesImageIo() throws Exception {
        Random r = new Random(1);
        // Mixed smooth and noisy rows make the encoder pick different filters per row.
        assertSameAsImageIo(TestImages.gray8(301, 97, (x, y) -> y % 3 == 0 ? r.nextInt(256) : (x + 2 * y) & 0xFF));
    }

    @Test
    void gray16MatchesImageIo() throws Exception {
        Random r = new Random(2);
        assertSameAsImageIo(TestImages.gray16(123, 77, (x, y) -> y % 2 == 0 ? r.nextInt(65536) : x * 500 + y));
    }

    @Test
    void rgbAndRgbaMatchImageIo() throws Exception {
        Random r = new Random(3);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR}) {
            BufferedImage img = new BufferedImage(64, 40, type);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 64; x++) {
                    img.setRGB(x, y, r.nextInt() | (type == BufferedImage.TYPE_INT_ARGB ? 0 : 0xFF000000));
                }
            }
            assertSameAsImageIo(img);
        }
    }

    @Test
    void paletteIsLeftToImageIo() throws Exception {
        BufferedImage indexed = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED);
        assertNull(PngDecoder.decode(encode(indexed, "png"), "p", ReadOptions.defaults()));
        assertEquals(32, XrayImage.read(encode(indexed, "png"), "p").width());
    }
}
