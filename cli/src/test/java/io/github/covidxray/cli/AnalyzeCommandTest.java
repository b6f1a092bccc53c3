package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    @TempDir
    Path tmp;

    private Path data;

    /** Two classes that differ in brightness: "bright" images are the "dark" ones plus 60. */
    @BeforeEach
    void writeDataset() throws Exception {
        data = tmp.resolve("data");
        for (String label : new String[] {"dark", "bright"}) {
            Path dir = Files.createDirectories(data.resolve(label));
            int offset = label.equals("bright") ? 60 : 0;
            for (int i = 0; i < 6; i++) {
                var img = TestImages.chestLike(48, 48, i + (offset > 0 ? 100 : 0));
                var raster = img.getRaster();
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        raster.setSample(x, y, 0, Math.min(255, raster.getSample(x, y, 0) + offset));
                    }
                }
                Files.write(dir.resolve(label + i + ".png"), TestImages.encode(img, "png"));
            }
        }
    }

    @Test
    void humanSummaryAndFiles() {
        Path outDir = tmp.resolve("report");
        CliRun r = CliRun.of("analyze", "--data", data.toString(), "--classes", "dark,bright", "--out", outDir.toString(),
                "--samples", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("12 images in 2 classes analysed, 0 skipped"), r.out());
        assertTrue(r.out().contains("dark vs bright"), r.out());
        assertTrue(r.out().contains("Shortcut audit"), r.out());
        assertTrue(r.err().contains("analysing") && r.err().contains("12/12"), r.err());
        for (String f : new String[] {"mean_histograms.png", "sample_histograms.png", "statistics_boxplots.png",
            "images.csv", "summary.json"}) {
            assertTrue(Files.isRegularFile(outDir.resolve(f)), f);
        }
    }

    @Test
    void jsonIsOneObjectOnOneLine() throws Exception {
        Files.write(data.resolve("dark/corrupt.png"), new byte[] {1, 2, 3, 4});
        CliRun r = CliRun.of("analyze", "--data", data.toString(), "--out", tmp.resolve("o").toString(), "--json",
                "--samples", "0", "--no-audit");
        assertEquals(1, r.code(), "a skipped image makes the exit code 1");
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode json = new ObjectMapper().readTree(lines[0]);
        assertEquals(12, json.get("images_analysed").asInt());
        assertEquals(1, json.get("images_skipped").asInt());
        assertTrue(json.get("shortcut_audit").isNull());
        assertTrue(json.at("/comparisons/0/cohens_d/mean").asDouble() != 0);
        assertTrue(r.err().contains("corrupt.png"), r.err());
    }

    @Test
    void badArgumentsGiveClearErrors() throws Exception {
        CliRun unknown = CliRun.of("analyze", "--data", data.toString(), "--classes", "dark,covid", "--out",
                tmp.resolve("o").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no class 'covid'"), unknown.err());
        CliRun missing = CliRun.of("analyze", "--data", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("not a folder"), missing.err());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun unwritable = CliRun.of("analyze", "--data", data.toString(), "--out", file.toString());
        assertEquals(1, unwritable.code());
        assertTrue(unwritable.err().contains("not a folder"), unwritable.err());
        Files.createDirectories(data.resolve("empty"));
        CliRun empty = CliRun.of("analyze", "--data", data.toString(), "--out", tmp.resolve("o2").toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("'empty' has no images"), empty.err());
    }
}
