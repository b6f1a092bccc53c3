package io.github.covidxray.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generates test images in memory, so no binary fixtures are needed. */
public final class TestImages {

    private TestImages() {}

    /** @return an 8-bit gray image whose pixel (x, y) is {@code f(x, y) & 0xFF} */
    public static BufferedImage gray8(int w, int h, PixelFunction f) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = (byte) f.value(x, y);
            }
        }
        return img;
    }

    /** @return a 16-bit gray image whose pixel (x, y) is {@code f(x, y) & 0xFFFF} */
    public static BufferedImage gray16(int w, int h, PixelFunction f) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = (short) f.value(x, y);
            }
        }
        return img;
    }

    /** @return a noisy "chest-like" 8-bit image: two dark lung fields on a brighter body, seeded */
    public static BufferedImage chestLike(int w, int h, long seed) {
        Random random = new Random(seed);
        return gray8(w, h, (x, y) -> {
            double nx = (x - w / 2.0) / (w / 2.0);
            double ny = (y - h / 2.0) / (h / 2.0);
            boolean lung = Math.abs(Math.abs(nx) - 0.45) < 0.25 && Math.abs(ny) < 0.6;
            int base = lung ? 60 : 170;
            return Math.max(0, Math.min(255, base + (int) (random.nextGaussian() * 12)));
        });
    }

    /**
     * Encodes an image.
     *
     * @param image the image
     * @param format an ImageIO format name (png, jpeg, bmp, tiff)
     * @return the encoded bytes
     */
    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pixel value as a function of position. */
    @FunctionalInterface
    public interface PixelFunction {
        /**
         * @param x column
         * @param y row
         * @return the value
         */
        int value(int x, int y);
    }
}
