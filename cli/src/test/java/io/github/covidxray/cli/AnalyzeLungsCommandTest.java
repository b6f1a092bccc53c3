package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --region lungs} with the bundled segmenter on a few real validation X-rays. */
class AnalyzeLungsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void comparesTheLungsWithTheWholeImagesOfTheSameImages() throws Exception {
        Path cxr = SharedData.requireCxr();
        Path data = tmp.resolve("data");
        for (String label : List.of("covid", "normal")) {
            Path dir = Files.createDirectories(data.resolve(label));
            try (Stream<Path> files = Files.list(cxr.resolve("val").resolve(label))) {
                for (Path f : files.sorted().limit(8).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("analyze", "--region", "lungs", "--data", data.toString(), "--out", out.toString(),
                "--no-audit", "--json", "--threads", "2");
        assertEquals(0, run.code(), run.err());
        JsonNode json = CommonOptions.JSON.readTree(run.out().trim());
        int analysed = json.get("images").get("analysed").asInt();
        assertEquals(16, analysed + json.get("images").get("left_out").asInt());
        assertTrue(analysed >= 12, "most real X-rays should have plausible lungs: " + run.err());
        JsonNode pair = json.get("pairs").get(0);
        assertEquals("covid", pair.get("classes").get(0).asText());
        assertNotEquals(pair.get("whole").get("jensen_shannon").asDouble(),
                pair.get("lungs").get("jensen_shannon").asDouble(), 1e-9);
        for (String file : List.of("lungs/summary.json", "whole/summary.json", "lungs/mean_histograms.png",
                "lungs_vs_whole.png", "lungs_vs_whole.json")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        JsonNode lungs = CommonOptions.JSON.readTree(out.resolve("lungs/summary.json").toFile());
        JsonNode whole = CommonOptions.JSON.readTree(out.resolve("whole/summary.json").toFile());
        for (String label : List.of("covid", "normal")) {
            long lungPixels = lungs.get("classes").get(label).get("pixels").asLong();
            long allPixels = whole.get("classes").get(label).get("pixels").asLong();
            assertTrue(lungPixels > 0.1 * allPixels && lungPixels < 0.7 * allPixels,
                    label + ": " + lungPixels + " lung pixels of " + allPixels);
        }
    }
}
