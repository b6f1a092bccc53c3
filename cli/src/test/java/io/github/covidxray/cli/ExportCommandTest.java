package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.export.TestBundles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CovidXrayCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void writesAnOnnxBundle() throws Exception {
        ModelBundle djl = TestBundles.grayMobileNetV2(tmp.resolve("djl"), 32);
        Path target = tmp.resolve("onnx");
        assertEquals(0, run("export", "--model", djl.directory().toString(), "--onnx", "--out", target.toString(),
                "--json"), err.toString());
        JsonNode line = CommonOptions.JSON.readTree(out.toString().trim());
        assertEquals("onnx", line.get("format").asText());
        assertEquals(52, line.get("folded_batch_norms").asInt());
        ModelBundle onnx = ModelBundle.load(target);
        assertEquals(ModelFormat.ONNX, onnx.card().format());
        assertEquals(djl.card().labels(), onnx.card().labels());
        assertEquals(djl.card().operatingPoint(), onnx.card().operatingPoint());
    }

    @Test
    void missingBundleIsReportedWithExitCode1() {
        Path missing = tmp.resolve("nope");
        assertEquals(1, run("export", "--model", missing.toString(), "--onnx", "--out", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains(missing.toString()) && err.toString().contains("not found"), err.toString());
    }

    @Test
    void targetFormatIsRequired() {
        assertEquals(2, run("export", "--model", tmp.toString(), "--out", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("--onnx"), err.toString());
    }
}
