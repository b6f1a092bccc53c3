package io.github.covidxray.training;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a small folder-per-class dataset of generated images whose classes differ visibly: a bright disc,
 * a dark square, and dark horizontal stripes, each at a random place and size on a noisy mid-gray background.
 */
final class ShapesDataset {

    static final String[] CLASSES = {"disc", "square", "stripes"};

    private ShapesDataset() {}

    /**
     * @param dir where to write {@code dir/<class>/<n>.png}
     * @param perClass images per class
     * @param size image side in pixels
     * @param seed the randomness
     * @return the dataset as read back with {@link DatasetReader}
     */
    static XrayDataset write(Path dir, int perClass, int size, long seed) throws IOException {
        Random random = new Random(seed);
        for (int c = 0; c < CLASSES.length; c++) {
            Path classDir = Files.createDirectories(dir.resolve(CLASSES[c]));
            for (int i = 0; i < perClass; i++) {
                int kind = c;
                double cx = size * (0.35 + 0.3 * random.nextDouble());
                double cy = size * (0.35 + 0.3 * random.nextDouble());
                double r = size * (0.18 + 0.1 * random.nextDouble());
                long noiseSeed = random.nextLong();
                Random noise = new Random(noiseSeed);
                byte[] png = TestImages.encode(TestImages.gray8(size, size, (x, y) -> {
                    int base = 128;
                    boolean inside = switch (kind) {
                        case 0 -> (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
                        case 1 -> Math.abs(x - cx) < r && Math.abs(y - cy) < r;
                        default -> (y / 4) % 2 == 0;
                    };
                    int value = !inside ? base : kind == 0 ? 240 : kind == 1 ? 15 : 30;
                    return Math.max(0, Math.min(255, value + (int) (noise.nextGaussian() * 10)));
                }), "png");
                Files.write(classDir.resolve(i + ".png"), png);
            }
        }
        return DatasetReader.folderPerClass(dir);
    }
}
