package io.github.covidxray.benchmarks;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Deterministic synthetic radiograph-like images for benchmarks, so every run measures the same bytes. */
public final class BenchImages {

    private BenchImages() {}

    /**
     * A smooth chest-like 8-bit image with film-grain noise (noise matters: it makes PNG compress as badly
     * as real radiographs do).
     *
     * @param size width and height
     * @return the image
     */
    public static BufferedImage chest8(int size) {
        return chest8(size, 42);
    }

    /**
     * @param size width and height
     * @param seed the noise seed: different seeds give different files of the same kind
     * @return a chest-like image as {@link #chest8(int)}
     */
    public static BufferedImage chest8(int size, long seed) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double nx = (x - size / 2.0) / (size / 2.0);
                double ny = (y - size / 2.0) / (size / 2.0);
                double lung = Math.exp(-Math.pow((Math.abs(nx) - 0.42) / 0.22, 2) - Math.pow(ny / 0.55, 2));
                double v = 190 - 120 * lung + 25 * ny + random.nextGaussian() * 6;
                px[y * size + x] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        return img;
    }

    /**
     * @param image an image
     * @return its PNG encoding
     */
    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the benchmark PNG where the Python peers can read the same file.
     *
     * @param args {@code [OUT.png] [SIZE]}
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench-1024.png");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Files.write(out, png(chest8(size)));
        System.out.println(out.toAbsolutePath());
    }
}
