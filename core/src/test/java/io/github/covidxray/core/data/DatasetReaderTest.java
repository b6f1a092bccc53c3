package io.github.covidxray.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    @TempDir
    Path tmp;

    private void image(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, TestImages.encode(TestImages.chestLike(32, 32, file.hashCode()), "png"));
    }

    @Test
    void folderPerClassListsImagesAndReportsJunkWithoutStopping() throws Exception {
        image(tmp.resolve("covid/a.png"));
        image(tmp.resolve("covid/b.png"));
        image(tmp.resolve("normal/c.png"));
        Files.writeString(tmp.resolve("normal/readme.txt"), "notes");
        Files.createFile(tmp.resolve("normal/empty.png"));
        Files.writeString(tmp.resolve("normal/.hidden"), "x");
        XrayDataset ds = DatasetReader.folderPerClass(tmp);
        assertEquals(List.of("covid", "normal"), ds.labels());
        assertEquals(3, ds.size());
        assertEquals(2, ds.counts().get("covid"));
        assertEquals(2, ds.problems().size());
        assertTrue(ds.problems().stream().anyMatch(p -> p.problem().contains("empty file")));
        assertTrue(ds.problems().stream().anyMatch(p -> p.problem().contains(".txt")));
        assertThrows(IllegalArgumentException.class, () -> ds.ofLabel("pneumonia"));
    }

    @Test
    void manifestReadsColumnsByNameWithQuotesAndSkipsMissingFiles() throws Exception {
        image(tmp.resolve("train/covid/a.png"));
        image(tmp.resolve("val/normal/b.png"));
        Files.writeString(tmp.resolve("manifest.csv"), String.join("\n",
                "split,label,file,source,patient_id,licence",
                "train,covid,train/covid/a.png,x,p1,\"CC BY, 4.0\"",
                "val,normal,val/normal/b.png,x,p2,none",
                "train,covid,train/covid/missing.png,x,p3,none",
                ""));
        XrayDataset all = DatasetReader.manifest(tmp.resolve("manifest.csv"), tmp, null);
        assertEquals(2, all.size());
        assertEquals(1, all.problems().size());
        assertTrue(all.problems().get(0).problem().contains("file not found"));
        assertEquals("p1", all.records().get(0).patientId());
        XrayDataset val = DatasetReader.manifest(tmp.resolve("manifest.csv"), tmp, "val");
        assertEquals(List.of("covid", "normal"), val.labels(), "labels come from the whole manifest");
        assertEquals(1, val.size());
        assertEquals("val", val.records().get(0).split());
    }

    @Test
    void manifestWithoutRequiredColumnIsAClearError() throws Exception {
        Files.writeString(tmp.resolve("m.csv"), "label,path\ncovid,a.png\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetReader.manifest(tmp.resolve("m.csv"), tmp, null));
        assertTrue(e.getMessage().contains("missing column 'split'"), e.getMessage());
        assertThrows(DatasetException.class, () -> DatasetReader.folderPerClass(tmp.resolve("nope")));
    }

    @Test
    void patientSplitNeverPutsAPatientInTwoSplits() {
        List<XrayRecord> records = new java.util.ArrayList<>();
        for (int p = 0; p < 60; p++) {
            for (int k = 0; k < 1 + p % 3; k++) {
                records.add(new XrayRecord(Path.of("p" + p + "_" + k + ".png"), p % 4 == 0 ? "covid" : "normal", "pat" + p, null));
            }
        }
        PatientSplit.Result r = PatientSplit.split(records, 0.2, 0.2, 7);
        assertEquals(records.size(), r.train().size() + r.validation().size() + r.test().size());
        Set<String> train = patients(r.train());
        Set<String> val = patients(r.validation());
        Set<String> test = patients(r.test());
        assertTrue(disjoint(train, val) && disjoint(train, test) && disjoint(val, test));
        assertTrue(r.validation().stream().anyMatch(x -> x.label().equals("covid")), "stratified: covid in validation");
        assertEquals(r, PatientSplit.split(records, 0.2, 0.2, 7), "same seed, same split");
        assertFalse(r.equals(PatientSplit.split(records, 0.2, 0.2, 8)), "another seed, another split");
    }

    @Test
    void readsTheSharedManifestWithPatientIds() throws Exception {
        Path cxr = SharedData.requireCxr();
        XrayDataset train = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "train");
        XrayDataset val = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "val");
        assertEquals(List.of("covid", "normal", "pneumonia"), train.labels());
        assertTrue(train.problems().isEmpty(), () -> "problems: " + train.problems());
        assertEquals(DatasetReader.folderPerClass(cxr.resolve("train")).size(), train.size());
        assertTrue(train.records().stream().allMatch(r -> r.patientId() != null));
        assertTrue(disjoint(patients(train.records()), patients(val.records())), "the shared split is patient-disjoint");
    }

    private static Set<String> patients(List<XrayRecord> records) {
        return records.stream().map(XrayRecord::patientOrFile).collect(Collectors.toSet());
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> i = new HashSet<>(a);
        i.retainAll(b);
        return i.isEmpty();
    }
}
