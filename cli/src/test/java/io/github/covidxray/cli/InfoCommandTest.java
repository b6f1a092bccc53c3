package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.core.testing.TestDicom;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

    @Test
    void jsonForDicomCarriesTheHeaderButNoNameOrBirthDate(@TempDir Path dir) throws Exception {
        int[] values = new int[32 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 4;
        }
        Path file = TestDicom.builder(32, 32).bits(16, 12).photometric("MONOCHROME1").window(2000, 1000)
                .frame(values).write(dir.resolve("chest.dcm"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CovidXrayCli.execute(new String[] {"info", "--json", file.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, code, err.toString());
        JsonNode json = CommonOptions.JSON.readTree(out.toString().trim());
        assertEquals(12, json.get("bit_depth").asInt());
        // MONOCHROME1 is inverted: the stored 0 becomes the brightest value.
        assertEquals(4095, json.get("max").asInt());
        JsonNode dicom = json.get("dicom");
        assertEquals("TEST-PATIENT-1", dicom.get("PatientID").asText());
        assertEquals("DX", dicom.get("Modality").asText());
        assertEquals("PA", dicom.get("ViewPosition").asText());
        assertEquals("MONOCHROME1", dicom.get("PhotometricInterpretation").asText());
        assertEquals(12, dicom.get("BitsStored").asInt());
        assertEquals(2000.0, dicom.get("WindowCenter").asDouble());
        assertFalse(out.toString().contains("Test^Patient"), "patient name printed");
        assertFalse(out.toString().contains("19700101"), "birth date printed");
    }

    @Test
    void textOutputNamesTheDicomHeaderAndBadFilesAreReported(@TempDir Path dir) throws Exception {
        Path good = TestDicom.builder(32, 32).frame(new int[32 * 32]).write(dir.resolve("a.dcm"));
        Path bad = TestDicom.builder(32, 32).frame(new int[32 * 32]).shortPixelData(100).write(dir.resolve("b.dcm"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CovidXrayCli.execute(new String[] {"info", good.toString(), bad.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(1, code);
        assertTrue(out.toString().contains("DICOM DX PA MONOCHROME2"), out.toString());
        assertTrue(err.toString().contains("b.dcm: (7FE0,0010) PixelData has"), err.toString());
    }
}
