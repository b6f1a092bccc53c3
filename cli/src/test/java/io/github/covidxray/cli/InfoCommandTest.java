package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.core.testing.TestDicom;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
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
        assertFalse(dicom.has("PatientID"), "patient ID printed without --show-phi");
        assertEquals("DX", dicom.get("Modality").asText());
        assertEquals("PA", dicom.get("ViewPosition").asText());
        assertEquals("MONOCHROME1", dicom.get("PhotometricInterpretation").asText());
        assertEquals(12, dicom.get("BitsStored").asInt());
        assertEquals(2000.0, dicom.get("WindowCenter").asDouble());
        assertFalse(out.toString().contains("Test^Patient"), "patient name printed");
        assertFalse(out.toString().contains("19700101"), "birth date printed");
    }

    /** The identifying values {@link #withPhi} writes, none of which may appear without {@code --show-phi}. */
    private static final List<String> PHI = List.of("Test^Patient", "19700101", "TEST-PATIENT-1",
            "1.2.826.0.1.3680043.8.498.1", "1.2.826.0.1.3680043.8.498.2", "ACC-77123", "1.2.826.0.1.3680043.8.498.3");

    private static Path withPhi(Path dir) throws Exception {
        // TestDicom writes patient name, ID, birth date, study and SOP instance UIDs; add accession and series UID.
        return TestDicom.builder(16, 16).text(0x00080050, "SH", "ACC-77123")
                .text(0x0020000E, "UI", "1.2.826.0.1.3680043.8.498.3").frame(new int[16 * 16])
                .write(dir.resolve("chest.dcm"));
    }

    @Test
    void patientIdentifiersAreLeftOutOfTextAndJsonUnlessAskedFor(@TempDir Path dir) throws Exception {
        Path file = withPhi(dir);
        for (String[] args : List.of(new String[] {"info", file.toString()},
                new String[] {"info", "--json", file.toString()})) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("DX"), "header shown: " + run.out());
            for (String value : PHI) {
                assertFalse(run.out().contains(value) || run.err().contains(value),
                        String.join(" ", args) + " printed " + value + ": " + run.out());
            }
        }
        CliRun json = CliRun.of("info", "--json", "--show-phi", file.toString());
        assertEquals(0, json.code(), json.err());
        JsonNode dicom = CommonOptions.JSON.readTree(json.out().trim()).get("dicom");
        assertEquals("TEST-PATIENT-1", dicom.get("PatientID").asText());
        assertEquals("1.2.826.0.1.3680043.8.498.2", dicom.get("StudyInstanceUID").asText());
        assertEquals("1.2.826.0.1.3680043.8.498.1", dicom.get("SOPInstanceUID").asText());
        CliRun text = CliRun.of("info", "--show-phi", file.toString());
        assertTrue(text.out().contains("PatientID TEST-PATIENT-1"), text.out());
        // Never read at all, so not shown even when asked for.
        assertFalse(json.out().contains("Test^Patient") || json.out().contains("19700101"), json.out());
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
