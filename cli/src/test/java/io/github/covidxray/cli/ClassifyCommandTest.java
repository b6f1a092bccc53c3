package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.core.testing.TestImages;
import io.github.covidxray.core.testing.TinyNet;
import io.github.covidxray.core.testing.TinyOnnx;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.trust.OodTestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code covid-xray bundle} and {@code covid-xray classify} on a tiny ONNX model and generated images. */
class ClassifyCommandTest {

    @TempDir
    static Path dir;
    static Path images;
    static Path onnx;

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void makeModelAndImages() throws Exception {
        onnx = TinyOnnx.write(TinyNet.random(3, 4, 3, 9), dir.resolve("tiny.onnx"), false);
        images = Files.createDirectories(dir.resolve("images/sub"));
        for (int i = 0; i < 5; i++) {
            Files.write(images.resolve("chest-" + i + ".png"), TestImages.encode(TestImages.chestLike(60 + 10 * i, 70, i), "png"));
        }
        Files.writeString(images.resolve("notes.txt"), "not an image, and not picked from a folder");
        images = images.getParent();
    }

    private static Path bundle(String name, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("bundle", "--weights", onnx.toString(), "--labels",
                "covid,normal,pneumonia", "--arch", "tiny-cnn", "--size", "32", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRun run = cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run::err);
        assertTrue(run.err().contains("verified: the model loads on OnnxRuntime"), run::err);
        return out;
    }

    @Test
    void jsonGivesOneObjectPerImageWithTheDocumentedKeys() throws Exception {
        Path model = bundle("json-bundle");
        CliRun run = cli("classify", "--model", model.toString(), "--json", "--batch", "2", images.toString());
        assertEquals(0, run.code(), run::err);
        List<String> lines = run.lines();
        assertEquals(5, lines.size(), run::out);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode json = CommonOptions.JSON.readTree(lines.get(i));
            List<String> keys = new ArrayList<>();
            json.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("file", "label", "confidence", "scores", "out_of_distribution", "ood_score"), keys);
            assertTrue(json.get("ood_score").isNull(), "a bundle without a gate has no score: " + json);
            assertFalse(json.get("out_of_distribution").asBoolean());
            assertTrue(json.get("file").asText().endsWith("chest-" + i + ".png"), "sorted order: " + json);
            List<String> labels = new ArrayList<>();
            double sum = 0;
            for (Iterator<String> it = json.get("scores").fieldNames(); it.hasNext(); ) {
                String label = it.next();
                labels.add(label);
                sum += json.get("scores").get(label).asDouble();
            }
            assertEquals(List.of("covid", "normal", "pneumonia"), labels);
            assertEquals(1.0, sum, 1e-6);
            assertEquals(json.get("scores").get(json.get("label").asText()).asDouble(), json.get("confidence").asDouble(), 0.0);
        }
        assertTrue(run.err().contains("Research use only"), run::err);
        assertTrue(run.err().contains("classified 5 of 5 image(s)"), run::err);
    }

    @Test
    void textGivesOneLinePerImageAndBadFilesAreSkippedWithExitCode1() throws Exception {
        Path model = bundle("text-bundle");
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path missing = dir.resolve("missing.png");
        CliRun run = cli("classify", "--model", model.toString(), broken.toString(), images.toString(), missing.toString());
        assertEquals(1, run.code(), run::err);
        List<String> lines = run.lines();
        assertEquals(5, lines.size(), run::out);
        for (String line : lines) {
            String[] fields = line.split("\t");
            assertEquals(4, fields.length, line);
            assertTrue(fields[3].startsWith("covid=") && fields[3].contains(" normal=") && fields[3].contains(" pneumonia="), line);
            assertTrue(fields[3].contains(fields[1] + "=" + fields[2]), "the label's probability is repeated: " + line);
        }
        assertTrue(run.err().contains(broken.toString()) && run.err().contains(missing.toString()), run::err);
        assertTrue(run.err().contains("classified 5 of 7 image(s)") && run.err().contains("2 failed"), run::err);
    }

    @Test
    void operatingPointAddsFlagged() throws Exception {
        Path model = bundle("op-bundle", "--operating-point", "covid:0.0");
        CliRun run = cli("classify", "--model", model.toString(), "--json", images.resolve("sub/chest-0.png").toString());
        assertEquals(0, run.code(), run::err);
        JsonNode json = CommonOptions.JSON.readTree(run.lines().get(0));
        assertTrue(json.get("flagged").asBoolean(), "threshold 0 flags everything: " + json);
    }

    @Test
    void withoutModelItUsesTheBundledDefaultModel() throws Exception {
        CliRun run = cli("classify", "--json", images.resolve("sub/chest-0.png").toString());
        assertEquals(0, run.code(), run::err);
        assertTrue(run.err().contains("covid-xray-default"), run::err);
        JsonNode json = CommonOptions.JSON.readTree(run.lines().get(0));
        assertEquals(3, json.get("scores").size(), json::toString);
        assertTrue(json.has("flagged"), "the default model has an operating point: " + json);
    }

    @Test
    void oodCheckGivesTheRealRowThenAnAurocPerKind() throws Exception {
        Path data = dir.resolve("ood-data");
        for (String label : List.of("covid", "normal")) {
            Files.createDirectories(data.resolve(label));
            for (int i = 0; i < 3; i++) {
                Files.write(data.resolve(label).resolve(label + i + ".png"),
                        TestImages.encode(TestImages.chestLike(90 + 20 * i, 90, i), "png"));
            }
        }
        CliRun run = cli("ood-check", "--data", data.toString(), "--generated", "2", "--json");
        assertEquals(0, run.code(), run::err);
        List<String> kinds = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode json = CommonOptions.JSON.readTree(line);
            kinds.add(json.get("kind").asText());
            if (kinds.size() > 1) {
                double auroc = json.get("auroc").asDouble();
                assertTrue(auroc >= 0 && auroc <= 1, line);
            }
        }
        assertEquals("real", kinds.get(0));
        assertTrue(kinds.containsAll(List.of("noise", "gradients", "shapes", "text-pages", "rotated-90", "rotated-180",
                "inverted", "cropped")), kinds::toString);
    }

    @Test
    void theDefaultModelMarksATypedPageOutOfDistributionAndGivesNoLabelForIt() throws Exception {
        XrayImage page = OodTestSet.generated(1, 3).stream().filter(k -> k.name().equals("text-pages")).findFirst()
                .orElseThrow().images().get(0);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(page.width(), page.height(),
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, page.width(), page.height(), page.toIntArray());
        Path file = dir.resolve("page.png");
        Files.write(file, TestImages.encode(img, "png"));
        CliRun json = cli("classify", "--json", file.toString());
        assertEquals(0, json.code(), json::err);
        JsonNode line = CommonOptions.JSON.readTree(json.lines().get(0));
        assertTrue(line.get("out_of_distribution").asBoolean(), line::toString);
        assertTrue(line.get("ood_score").asDouble() > 1, "flagged means a score above 1: " + line);
        CliRun text = cli("classify", file.toString());
        assertEquals(0, text.code(), text::err);
        String out = text.lines().get(0);
        assertTrue(out.contains("OUT OF DISTRIBUTION"), out);
        assertFalse(out.matches(".*\\t(covid|normal|pneumonia)\\t.*"), "no label column for a flagged input: " + out);
    }

    @Test
    void engineThatCannotRunTheFormatIsAnError() {
        Path model = bundle("engine-bundle");
        CliRun run = cli("classify", "--model", model.toString(), "--engine", "PyTorch", images.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("PyTorch cannot run onnx"), run::err);
    }

    @Test
    void bundleRejectsALabelCountTheModelDoesNotHave() {
        CliRun run = cli("bundle", "--weights", onnx.toString(), "--labels", "covid,other", "--arch", "tiny-cnn",
                "--size", "32", "--out", dir.resolve("bad-labels").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("2 labels") && run.err().contains("3 values"), run::err);
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
    }
}
