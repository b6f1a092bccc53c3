package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.core.XrayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentCommandTest {

    @TempDir
    Path tmp;

    private Path sixteenBitPng() throws Exception {
        int w = 48;
        int h = 40;
        short[] px = new short[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) ((i * 977) % 65536);
        }
        Path file = tmp.resolve("chest16.png");
        GrayPng.write(XrayImage.ofGray16(w, h, px, "synthetic"), file);
        return file;
    }

    @Test
    void writesSixteenBitImagesAndAPreviewAndSaysWhere() throws Exception {
        Path in = sixteenBitPng();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("augment", "--in", in.toString(), "--out", out.toString(), "--n", "3", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        for (int i = 0; i < 3; i++) {
            XrayImage img = XrayImage.read(out.resolve("chest16-aug-00" + i + ".png"));
            assertEquals(16, img.bitsStored());
            assertEquals(48, img.width());
            assertEquals(40, img.height());
        }
        Path preview = out.resolve("chest16-preview.png");
        assertTrue(Files.size(preview) > 0);
        assertTrue(r.out().contains(preview.toString()), r.out());

        Path again = tmp.resolve("again");
        assertEquals(0, CliRun.of("augment", "--in", in.toString(), "--out", again.toString(), "--n", "3", "--seed", "5").code());
        assertArrayEquals(Files.readAllBytes(out.resolve("chest16-aug-002.png")),
                Files.readAllBytes(again.resolve("chest16-aug-002.png")), "same seed, same images");
    }

    @Test
    void jsonModePrintsOneLinePerImageAndOneForThePreview() throws Exception {
        Path in = sixteenBitPng();
        CliRun r = CliRun.of("augment", "--in", in.toString(), "--out", tmp.resolve("j").toString(), "--n", "2",
                "--preset", "aggressive", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        JsonNode first = CommonOptions.JSON.readTree(lines.get(0));
        assertEquals(0, first.get("index").asInt());
        assertEquals(16, first.get("bit_depth").asInt());
        assertTrue(first.get("applied").isArray() && first.get("applied").size() > 0);
        assertTrue(CommonOptions.JSON.readTree(lines.get(2)).has("preview"));
    }

    @Test
    void aBadInputIsReportedByNameWithoutAStackTrace() throws Exception {
        Path bad = tmp.resolve("not-an-image.png");
        Files.writeString(bad, "hello");
        CliRun r = CliRun.of("augment", "--in", bad.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not-an-image.png"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.of("augment", "--in", "x.png", "--out", tmp.toString(), "--preset", "wild");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("wild"), r.err());
    }
}
