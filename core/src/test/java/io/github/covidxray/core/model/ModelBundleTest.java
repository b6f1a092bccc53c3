package io.github.covidxray.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.core.PreprocessingSpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @TempDir
    Path tmp;

    private String goodJson;

    private ModelBundle writeGood() throws Exception {
        Path weights = tmp.resolve("src-model.onnx");
        Files.write(weights, new byte[] {1, 2, 3, 4, 5});
        ModelCard card = ModelCard.builder().setName("tiny").setArchitecture("test")
                .setLabels(List.of("covid", "normal", "pneumonia"))
                .setPreprocessing(PreprocessingSpec.builder().setSize(32).optChannels(1).build())
                .setWeights(ModelFormat.ONNX, "ignored")
                .optOperatingPoint(new OperatingPoint("covid", 0.3, 0.95, 0.96, 0.8))
                .optProvenance(Map.of("data", "generated", "epochs", 3))
                .build();
        ModelBundle bundle = ModelBundle.write(tmp.resolve("bundle"), card, weights);
        goodJson = Files.readString(bundle.directory().resolve("model.json"));
        return bundle;
    }

    @Test
    void writtenBundleLoadsWithEverythingIntact() throws Exception {
        ModelBundle written = writeGood();
        ModelBundle loaded = ModelBundle.load(tmp.resolve("bundle"));
        assertEquals(written.card(), loaded.card());
        assertEquals(List.of("covid", "normal", "pneumonia"), loaded.card().labels());
        assertEquals(32, loaded.card().preprocessing().width());
        assertEquals("src-model.onnx", loaded.card().weights());
        assertEquals(64, loaded.card().sha256().length());
        assertEquals(0.3, loaded.card().operatingPoint().threshold());
        assertEquals(3, loaded.card().provenance().get("epochs"));
        assertEquals(ModelBundle.load(tmp.resolve("bundle/model.json")).card(), loaded.card());
    }

    @Test
    void zipBundleLoads() throws Exception {
        ModelBundle written = writeGood();
        Path zip = tmp.resolve("bundle.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : List.of("model.json", "src-model.onnx")) {
                out.putNextEntry(new ZipEntry("bundle/" + f));
                Files.copy(written.directory().resolve(f), out);
                out.closeEntry();
            }
        }
        assertEquals(written.card(), ModelBundle.load(zip).card());
    }

    @Test
    void corruptedWeightsFailTheChecksum() throws Exception {
        writeGood();
        try (OutputStream out = Files.newOutputStream(tmp.resolve("bundle/src-model.onnx"),
                java.nio.file.StandardOpenOption.APPEND)) {
            out.write(9);
        }
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("src-model.onnx"), e.getMessage());
    }

    @Test
    void missingFieldIsNamed() throws Exception {
        writeGood();
        editJson(node -> node.remove("labels"));
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")));
        assertTrue(e.getMessage().contains("'labels'"), e.getMessage());
    }

    @Test
    void wrongLabelCountsAndDuplicatesAreRejected() throws Exception {
        writeGood();
        editJson(node -> node.putArray("labels").add("covid"));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("at least 2 labels"));
        editJson(node -> node.putArray("labels").add("covid").add("covid"));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("unique"));
        editJson(node -> node.putArray("labels").add("a").add("b"));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("operating_point label 'covid'"));
    }

    @Test
    void malformedJsonWeightsOutsideAndMissingFilesAreClearErrors() throws Exception {
        writeGood();
        Path json = tmp.resolve("bundle/model.json");
        editJson(node -> node.put("weights", "../../etc/passwd"));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("outside the bundle"));
        Files.writeString(json, "{ not json");
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("not a valid model.json"));
        Files.delete(json);
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("no model.json"));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("nowhere")))
                .getMessage().contains("not found"));
    }

    @Test
    void unsupportedSchemaVersionIsRejected() throws Exception {
        writeGood();
        editJson(node -> node.put("schema_version", 99));
        assertTrue(assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp.resolve("bundle")))
                .getMessage().contains("schema_version 99"));
    }

    /** Rewrites model.json from the good one written by {@link #writeGood()}, with one edit. */
    private void editJson(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path json = tmp.resolve("bundle/model.json");
        ObjectNode node = (ObjectNode) ModelBundle.json().readTree(goodJson);
        edit.accept(node);
        ModelBundle.json().writeValue(json.toFile(), node);
    }
}
