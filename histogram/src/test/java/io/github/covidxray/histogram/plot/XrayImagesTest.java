package io.github.covidxray.histogram.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.SyntheticImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class XrayImagesTest {

    @Test
    void eightBitPixelsAreCopiedExactly() {
        XrayImage img = SyntheticImages.uniform8(17, 9, 0, 255, 1);
        BufferedImage b = XrayImages.toBufferedImage(img);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, b.getType());
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 17; x++) {
                assertEquals(img.pixel(x, y), b.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void twelveBitPixelsAreStretchedToSixteen() {
        XrayImage img = SyntheticImages.ramp16(64, 64, 12, 1);
        BufferedImage b = XrayImages.toBufferedImage(img);
        assertEquals(BufferedImage.TYPE_USHORT_GRAY, b.getType());
        assertEquals(4095 << 4, b.getRaster().getSample(63, 63, 0));
        assertEquals(100 << 4, b.getRaster().getSample(100 % 64, 100 / 64, 0));
    }
}
