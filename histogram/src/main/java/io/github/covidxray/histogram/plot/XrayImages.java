package io.github.covidxray.histogram.plot;

import io.github.covidxray.core.XrayImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;

/** Converts {@link XrayImage}s to AWT images for drawing. Stateless. */
public final class XrayImages {

    private XrayImages() {}

    /**
     * Copies an image into a gray {@link BufferedImage}: 8-bit images as {@code TYPE_BYTE_GRAY}, deeper ones
     * as {@code TYPE_USHORT_GRAY} with values stretched from their bit depth to the full 16-bit range, so
     * that a 12-bit image displays with its true contrast.
     *
     * @param image the image
     * @return a new buffered image
     */
    public static BufferedImage toBufferedImage(XrayImage image) {
        int w = image.width();
        int h = image.height();
        if (image.is8Bit()) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            image.pixels8().get(0, dst, 0, dst.length);
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] dst = ((DataBufferUShort) out.getRaster().getDataBuffer()).getData();
        image.pixels16().get(0, dst, 0, dst.length);
        int shift = 16 - image.bitsStored();
        if (shift > 0) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (short) ((dst[i] & 0xFFFF) << shift);
            }
        }
        return out;
    }
}
