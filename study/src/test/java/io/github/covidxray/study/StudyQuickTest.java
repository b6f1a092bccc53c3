package io.github.covidxray.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.core.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code study --quick} end to end on generated images (two arms to keep CI short; the four-arm default is
 * the same code), then checks the report's structure, the trust steps of each arm, that every number in
 * REPORT.md comes from study.json, and that a second run resumes instead of retraining or recalibrating.
 */
class StudyQuickTest {

    private static final List<String> CLASSES = List.of("covid", "normal", "pneumonia");

    @TempDir
    static Path tmp;
    static Path data;
    static StudyConfig config;
    static StudyResult first;

    @BeforeAll
    static void runQuickStudy() throws Exception {
        data = tmp.resolve("data");
        writeDataset(data);
        config = StudyConfig.builder().setData(data).optManifest(data.resolve("manifest.csv"))
                .setOutput(tmp.resolve("study")).optQuick()
                .optArms(List.of(StudyArm.parse("mobilenetv2"), StudyArm.parse("densenet121+conservative")))
                .optExamples(List.of(Path.of("../samples/covid-pa-1.jpg"), Path.of("../samples/covid-pa-2.jpg")))
                .optCommand("./covid-xray study --quick ...").build();
        first = Study.run(config, ProgressListener.NONE);
    }

    /** Class-dependent brightness and texture, two sources, several images per patient. */
    private static void writeDataset(Path root) throws IOException {
        StringBuilder csv = new StringBuilder("split,label,file,patient_id,source\n");
        Random rng = new Random(1);
        for (String split : List.of("train", "val")) {
            for (int c = 0; c < CLASSES.size(); c++) {
                Path dir = root.resolve(split).resolve(CLASSES.get(c));
                Files.createDirectories(dir);
                for (int i = 0; i < 10; i++) {
                    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 64; x++) {
                            int v = 60 + 50 * c + ((x / (4 + 2 * c) + y / 8) % 2) * 30 + rng.nextInt(20);
                            img.getRaster().setSample(x, y, 0, Math.min(255, v));
                        }
                    }
                    String name = String.format("%s_%02d.png", CLASSES.get(c), i);
                    ImageIO.write(img, "png", dir.resolve(name).toFile());
                    csv.append(split).append(',').append(CLASSES.get(c)).append(',').append(split).append('/')
                            .append(CLASSES.get(c)).append('/').append(name).append(",p-").append(split).append('-')
                            .append(c).append('-').append(i / 2).append(',').append(c == 0 ? "archive-a" : "archive-b")
                            .append('\n');
                }
            }
        }
        Files.writeString(root.resolve("manifest.csv"), csv, StandardCharsets.UTF_8);
    }

    @Test
    void writesTheReportJsonAndFigures() throws IOException {
        String report = Files.readString(first.report());
        for (String section : List.of("## How it was run", "## Dataset", "## Intensity histograms (training split)",
                "## Validation results", "## Paired comparisons", "## Trust", "### Inputs that are not chest X-rays",
                "### Shortcut controls", "### Example explanations", "## What this can and cannot show")) {
            assertTrue(report.contains(section), "missing section " + section);
        }
        assertTrue(report.contains("Quick run"), "a quick run must say its numbers mean nothing");
        assertTrue(report.contains("Research use only"));
        Map<String, Object> json = StudyJson.read(first.json(), new TypeReference<>() { });
        assertEquals(2, StudyReport.list(json.get("arms")).size());
        // two arms + one baseline comparison each
        assertEquals(3, StudyReport.list(json.get("comparisons")).size());
        assertEquals(0, StudyReport.number(StudyReport.path(json, "dataset", "patients_in_both_splits")));
        assertEquals(24, StudyReport.number(StudyReport.path(json, "dataset", "splits", "val", "images")));
        // every figure the report links exists and is a PNG
        Matcher m = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)").matcher(report);
        int figures = 0;
        while (m.find()) {
            Path png = first.report().getParent().resolve(m.group(1));
            assertNotNull(ImageIO.read(png.toFile()), "not a readable PNG: " + png);
            figures++;
        }
        assertTrue(figures >= 2 + 3 * 2 + 2 * 4, "expected histogram, ROC, confusion, curve and example figures, found "
                + figures);
    }

    @Test
    void everyArmIsCalibratedAndMeasuredOnTheOnnxExport() throws IOException {
        Map<String, Object> json = StudyJson.read(first.json(), new TypeReference<>() { });
        for (Object o : StudyReport.list(json.get("arms"))) {
            Map<String, Object> trust = StudyReport.map(StudyReport.map(o).get("trust"));
            Map<String, Object> calibration = StudyReport.map(trust.get("calibration"));
            assertTrue(StudyReport.strings(calibration.get("outputs")).containsAll(
                    List.of("class_activation_maps", "pooled_features")), calibration.toString());
            assertTrue(StudyReport.number(calibration.get("temperature")) > 0, calibration.toString());
            double flagged = StudyReport.number(calibration.get("val_flagged_share"));
            assertTrue(flagged >= 0 && flagged <= 0.1, "about 1% of 24 validation images: " + flagged);
            // the real row, 4 generated kinds, 4 transformed kinds
            List<Object> kinds = StudyReport.list(StudyReport.path(trust, "ood", "kinds"));
            assertEquals(9, kinds.size(), kinds.toString());
            for (Object k : kinds.subList(1, kinds.size())) {
                double auroc = StudyReport.number(StudyReport.map(k).get("auroc"));
                assertTrue(auroc >= 0 && auroc <= 1, k.toString());
            }
            List<Object> controls = StudyReport.list(StudyReport.path(trust, "controls", "controls"));
            assertEquals(List.of("lungs-hidden", "border-hidden"), controls.stream()
                    .map(c -> StudyReport.map(c).get("control")).toList());
            assertEquals(6.0, StudyReport.number(StudyReport.path(trust, "saliency", "overall", "images")),
                    "2 explained images per class");
            assertEquals(4, StudyReport.list(StudyReport.path(trust, "examples", "images")).size(),
                    "2 examples x (cam, occlusion)");
        }
    }

    @Test
    void overlaysAreDrawnOnlyForTheExampleImages() throws IOException {
        for (StudyArm arm : config.arms()) {
            try (var files = Files.list(ArmRunner.folder(config, arm).resolve(ArmTrust.EXPLANATIONS))) {
                for (Path f : files.toList()) {
                    assertTrue(f.getFileName().toString().matches("covid-pa-[12]\\.(cam|occlusion)\\.png"),
                            "unexpected file in the report folder: " + f);
                }
            }
        }
    }

    @Test
    void exampleImagesFromTheDatasetAreRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StudyConfig.builder().setData(data).setOutput(tmp.resolve("other"))
                        .optExamples(List.of(data.resolve("val/covid/covid_00.png"))).build());
        assertTrue(e.getMessage().contains("may not come from the dataset"), e.getMessage());
    }

    @Test
    void everyNumberInTheReportComesFromStudyJson() throws IOException {
        Map<String, Object> json = StudyJson.read(first.json(), new TypeReference<>() { });
        List<Double> numbers = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        leaves(json, numbers, strings);
        String report = Files.readString(first.report());
        // Text copied from study.json's strings is data too; the names of the two architectures are prose.
        strings.sort(Comparator.comparingInt(String::length).reversed());
        for (String s : strings) {
            if (s.length() > 2) {
                report = report.replace(s, " ");
            }
        }
        report = report.replaceAll("MobileNetV2|DenseNet-121|COVID-19|\\(figures/[^)]*\\)|\\(arms/[^)]*\\)", " ");
        Matcher m = Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?").matcher(report);
        int checked = 0;
        while (m.find()) {
            String token = m.group();
            assertTrue(matchesSome(token, numbers), "number '" + token + "' in REPORT.md is not in study.json, near: "
                    + report.substring(Math.max(0, m.start() - 60), Math.min(report.length(), m.end() + 20)));
            checked++;
        }
        assertTrue(checked > 50, "expected many numbers in the report, checked " + checked);
    }

    private static boolean matchesSome(String token, List<Double> numbers) {
        double t = Double.parseDouble(token);
        int decimals = token.contains(".") && !token.contains("e") ? token.length() - token.indexOf('.') - 1 : 0;
        double tolerance = token.contains("e") ? Math.abs(t) * 0.051 : 0.5 * Math.pow(10, -decimals) + 1e-9;
        for (double v : numbers) {
            if (Math.abs(v - t) <= tolerance || Math.abs(v * 100 - t) <= tolerance) {
                return true;
            }
        }
        return false;
    }

    private static void leaves(Object node, List<Double> numbers, List<String> strings) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> leaves(v, numbers, strings));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> leaves(v, numbers, strings));
        } else if (node instanceof Number n) {
            numbers.add(n.doubleValue());
        } else if (node instanceof String s) {
            strings.add(s);
        }
    }

    @Test
    void aSecondRunReusesFinishedArmsInsteadOfRetraining() throws Exception {
        Path armJson = ArmRunner.folder(config, config.arms().get(0)).resolve(ArmRunner.ARM_JSON);
        Path calibration = ArmRunner.folder(config, config.arms().get(0)).resolve(ArmTrust.FOLDER)
                .resolve("calibration.json");
        FileTime before = Files.getLastModifiedTime(armJson);
        FileTime calibratedBefore = Files.getLastModifiedTime(calibration);
        StudyResult again = Study.run(config, ProgressListener.NONE);
        assertEquals(before, Files.getLastModifiedTime(armJson));
        assertEquals(calibratedBefore, Files.getLastModifiedTime(calibration), "a finished trust step is not redone");
        Map<String, Object> json = StudyJson.read(again.json(), new TypeReference<>() { });
        for (Object arm : StudyReport.list(json.get("arms"))) {
            assertEquals(Boolean.TRUE, StudyReport.map(arm).get("reused_from_earlier_run"));
            assertEquals(Boolean.TRUE, StudyReport.path(StudyReport.map(arm), "trust", "ood", "reused"));
        }
        Map<String, Object> firstJson = StudyJson.read(first.json(), new TypeReference<>() { });
        assertEquals(StudyReport.path(firstJson, "comparisons"), StudyReport.path(json, "comparisons"),
                "the same stored scores must give the same comparisons");
        assertFalse(Files.readString(again.report()).isEmpty());
    }
}
