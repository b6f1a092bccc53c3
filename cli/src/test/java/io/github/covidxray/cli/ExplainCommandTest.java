package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.cli.testing.TinyBundle;
import io.github.covidxray.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code covid-xray explain} and {@code evaluate --control/--saliency} on a tiny ONNX model and generated images. */
class ExplainCommandTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path data;

    @BeforeAll
    static void makeModelAndImages() throws Exception {
        model = TinyBundle.write(Files.createDirectories(dir.resolve("model")));
        data = dir.resolve("data");
        int seed = 0;
        for (String label : List.of("covid", "normal", "pneumonia")) {
            Path folder = Files.createDirectories(data.resolve(label));
            for (int i = 0; i < 4; i++) {
                Files.write(folder.resolve(label + "-" + i + ".png"),
                        TestImages.encode(TestImages.chestLike(48 + 8 * i, 56, seed++), "png"));
            }
        }
    }

    @Test
    void jsonGivesTheDocumentedKeysAHeatmapOfAtLeastSevenBySevenAndAnOverlayPerImage() throws Exception {
        Path bad = Files.writeString(dir.resolve("broken.png"), "not a png");
        Path out = dir.resolve("overlays");
        CliRun run = CliRun.of("explain", "--model", model.toString(), "--json", "--out", out.toString(),
                data.resolve("covid").toString(), bad.toString());
        assertEquals(1, run.code(), "one bad file: exit 1 like classify\n" + run.err());
        List<String> lines = run.lines();
        assertEquals(5, lines.size(), run.out());
        int overlays = 0;
        for (String line : lines) {
            JsonNode json = CommonOptions.JSON.readTree(line);
            if (json.has("error")) {
                assertTrue(json.get("file").asText().endsWith("broken.png"));
                assertTrue(json.get("error").asText().contains("broken.png"), json.toString());
                continue;
            }
            assertTrue(List.of("covid", "normal", "pneumonia").contains(json.get("label").asText()));
            assertEquals("occlusion", json.get("method").asText());
            JsonNode map = json.get("heatmap");
            assertTrue(map.get("rows").asInt() >= 7 && map.get("cols").asInt() >= 7, map.toString());
            assertEquals(map.get("rows").asInt(), map.get("values").size());
            for (JsonNode row : map.get("values")) {
                assertEquals(map.get("cols").asInt(), row.size());
                row.forEach(v -> assertTrue(v.asDouble() >= 0));
            }
            BufferedImage png = ImageIO.read(Path.of(json.get("overlay").asText()).toFile());
            assertNotNull(png, "overlay is a PNG");
            overlays++;
        }
        assertEquals(4, overlays);
        try (var files = Files.list(out)) {
            assertEquals(4, files.count());
        }
    }

    @Test
    void camOnABundleWithoutActivationMapsIsAUsageErrorThatSaysWhy() {
        CliRun run = CliRun.of("explain", "--model", model.toString(), "--method", "cam", "--out",
                dir.resolve("cam").toString(), data.resolve("normal").toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("occlusion"), run.err());
    }

    @Test
    void evaluateReportsControlsNextToTheUnmaskedAucAndTheSaliencyMass() throws Exception {
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--json",
                "--bootstrap", "50", "--control", "lungs-hidden,border-hidden", "--saliency", "1");
        assertEquals(0, run.code(), run.err());
        JsonNode json = CommonOptions.JSON.readTree(run.lines().get(0));
        JsonNode controls = json.get("controls");
        assertEquals(2, controls.size());
        assertEquals("lungs-hidden", controls.get(0).get("control").asText());
        assertEquals(12, controls.get(0).get("n").asInt());
        JsonNode covid = controls.get(0).get("per_class").get("covid");
        assertEquals(json.get("per_class").get("covid").get("auc").asDouble(), covid.get("auc_unmasked").asDouble(), 1e-12);
        assertTrue(covid.has("auc") && covid.has("auc_ci"));
        // A random tiny CNN reads the whole image: hiding half of it changes its scores.
        assertFalse(covid.get("auc").equals(covid.get("auc_unmasked")) && controls.get(1).get("per_class").get("covid")
                .get("auc").equals(covid.get("auc_unmasked")), "the controls changed nothing");
        JsonNode explanations = json.get("explanations");
        assertEquals(3, explanations.get("overall").get("images").asInt(), "one image per class");
        double mass = explanations.get("overall").get("saliency_mass_inside").asDouble();
        assertTrue(mass >= 0 && mass <= 1, explanations.toString());
        assertEquals(0.49, explanations.get("overall").get("area_share_inside").asDouble(), 0.02);
    }
}
