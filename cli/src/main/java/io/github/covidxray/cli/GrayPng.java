package io.github.covidxray.cli;

import io.github.covidxray.core.XrayImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes grey-level PNGs at the image's storage depth: 8-bit images as 8-bit PNGs, deeper ones as 16-bit. */
final class GrayPng {

    private GrayPng() {}

    /**
     * @param image the image; values of 9-15-bit images are written unscaled into a 16-bit PNG
     * @param file the output file
     * @throws IOException if writing fails
     */
    static void write(XrayImage image, Path file) throws IOException {
        BufferedImage out;
        if (image.is8Bit()) {
            out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
            image.pixels8().get(((DataBufferByte) out.getRaster().getDataBuffer()).getData());
        } else {
            out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_USHORT_GRAY);
            image.pixels16().get(((DataBufferUShort) out.getRaster().getDataBuffer()).getData());
        }
        write(out, file);
    }

    /**
     * @param image any image
     * @param file the output file
     * @throws IOException if writing fails or no PNG writer is available
     */
    static void write(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
    }
}
