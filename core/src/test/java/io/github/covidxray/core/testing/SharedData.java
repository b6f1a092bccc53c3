package io.github.covidxray.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared fixtures beside the clone ({@code ../shared}: real chest X-rays and interop models).
 * A user's fresh clone has none: tests that need them call the {@code require...} methods, which skip the
 * test with a message saying what is missing.
 */
public final class SharedData {

    private SharedData() {}

    /** @return the shared folder as configured by the {@code covidxray.shared.dir} property (may not exist) */
    public static Path dir() {
        String configured = System.getProperty("covidxray.shared.dir");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    /** @return the chest X-ray data folder ({@code shared/data/cxr}), skipping the test when absent */
    public static Path requireCxr() {
        Path cxr = dir().resolve("data/cxr");
        assumeTrue(Files.isRegularFile(cxr.resolve("manifest.csv")),
                () -> "shared chest X-ray data absent at " + cxr + ": skipping (tests on generated images still run)");
        return cxr;
    }

    /** @return the lung segmentation data folder ({@code shared/data/lungseg}), skipping the test when absent */
    public static Path requireLungseg() {
        Path lungseg = dir().resolve("data/lungseg");
        assumeTrue(Files.isRegularFile(lungseg.resolve("manifest.csv")),
                () -> "shared lung segmentation data absent at " + lungseg + ": skipping (tests on generated images still run)");
        return lungseg;
    }

    /** @return the interop model fixtures folder, skipping the test when absent */
    public static Path requireTorchvisionModels() {
        Path models = dir().resolve("models/torchvision-random");
        assumeTrue(Files.isDirectory(models),
                () -> "shared model fixtures absent at " + models + ": skipping (tests on generated models still run)");
        return models;
    }
}
