package io.github.covidxray.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderDicomTest {

    @Test
    void folderPerClassTakesPatientIdsFromDicomHeaders(@TempDir Path root) throws Exception {
        Path covid = Files.createDirectories(root.resolve("covid"));
        Path normal = Files.createDirectories(root.resolve("normal"));
        int[] px = new int[32 * 32];
        TestDicom.builder(32, 32).text(0x00100020, "LO", "P-001").frame(px).write(covid.resolve("a.dcm"));
        TestDicom.builder(32, 32).text(0x00100020, "LO", "P-001").frame(px).write(covid.resolve("b"));
        TestDicom.builder(32, 32).text(0x00100020, "LO", "P-002").frame(px).write(normal.resolve("c.DCM"));
        TestDicom.builder(32, 32).remove(0x00100020).frame(px).write(normal.resolve("no-id.dcm"));
        Files.write(normal.resolve("d.png"), TestImages.encode(TestImages.chestLike(32, 32, 1), "png"));
        byte[] broken = TestDicom.builder(32, 32).frame(px).build();
        Files.write(normal.resolve("broken.dcm"), java.util.Arrays.copyOf(broken, 300));

        XrayDataset ds = DatasetReader.folderPerClass(root);
        Map<String, String> ids = ds.records().stream().collect(Collectors.toMap(
                r -> r.file().getFileName().toString(), r -> String.valueOf(r.patientId())));
        assertEquals("P-001", ids.get("a.dcm"));
        assertEquals("P-001", ids.get("b"), "DICOM recognised by content when the name has no extension");
        assertEquals("P-002", ids.get("c.DCM"));
        assertEquals("null", ids.get("no-id.dcm"));
        assertEquals("null", ids.get("d.png"));
        assertEquals(5, ds.records().size());
        assertEquals(1, ds.problems().size());
        String problem = ds.problems().get(0).problem();
        assertTrue(problem.contains("broken.dcm: truncated file"), problem);
        assertNull(ds.records().stream().filter(r -> r.file().endsWith("d.png")).findFirst().orElseThrow()
                .patientId());
    }
}
