package io.github.covidxray.histogram;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small folder-per-class datasets of generated PNGs for tests. */
public final class SyntheticDataset {

    private SyntheticDataset() {}

    /** Writes {@code count} images of one class; image {@code i} is produced by {@code source(i)}. */
    public static void writeClass(Path root, String label, int count, java.util.function.IntFunction<XrayImage> source)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(label));
        for (int i = 0; i < count; i++) {
            Files.write(dir.resolve(String.format("%s_%03d.png", label, i)), png(source.apply(i)));
        }
    }

    /** The class "uniform" (noise over 0..255) and the class "gaussian" (mean 150, sd 20), 64x64 each. */
    public static Path uniformVsGaussian(Path root, int perClass) throws IOException {
        writeClass(root, "uniform", perClass, i -> SyntheticImages.uniform8(64, 64, 0, 255, 100 + i));
        writeClass(root, "gaussian", perClass, i -> SyntheticImages.gaussian8(64, 64, 150, 20, 200 + i));
        return root;
    }

    /** Encodes an 8-bit image as PNG. */
    public static byte[] png(XrayImage image) {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        image.pixels8().get(0, dst, 0, dst.length);
        return TestImages.encode(img, "png");
    }
}
