package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real chest X-rays from the shared data beside the clone; skipped when it is absent. */
class SharedDataTest {

    private static List<Path> someXrays(int n) throws IOException {
        try (Stream<Path> files = Files.walk(SharedData.requireCxr().resolve("val"))) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).collect(Collectors.toList());
        }
    }

    @Test
    void presetsKeepRealXraysSizeAndDepthAndAreReproducible() throws IOException {
        List<Path> files = someXrays(3);
        assumeTrue(!files.isEmpty(), "no PNGs in shared data: skipping");
        for (Path file : files) {
            XrayImage xray = XrayImage.read(file);
            for (Augmenter a : List.of(Augmenter.chestXrayConservative(), Augmenter.aggressive())) {
                AugmentResult r = a.augment(xray, 11, 4);
                assertEquals(xray.width(), r.image().width());
                assertEquals(xray.height(), r.image().height());
                assertEquals(xray.bitsStored(), r.image().bitsStored());
                assertArrayEquals(r.image().toIntArray(), a.augment(xray, 11, 4).image().toIntArray());
            }
        }
    }
}
