package io.github.covidxray.cli.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScorerTest {

    /** The images of the generated folder in the order a sorted recursive walk must give them. */
    private static final List<String> ORDER = List.of("a.png", "b/img1.png", "b/img3.png", "b/sub/deep.png",
            "broken.png", "c.jpg", "d, e.png", "scan", "z/i0.png", "z/i1.png", "z/i2.png", "z/i3.png", "z/i4.png",
            "z/i5.png", "z/i6.png", "z/i7.png");

    @TempDir
    Path tmp;
    private Path dir;
    /** The last progress report: done, total, message. */
    private final List<Object> lastProgress = new ArrayList<>();

    @BeforeEach
    void makeFolder() throws IOException {
        dir = Files.createDirectories(tmp.resolve("images"));
        long seed = 0;
        for (String name : ORDER) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            if (name.equals("broken.png")) {
                Files.writeString(file, "not a png");
            } else if (name.equals("scan")) {
                int[] px = new int[32 * 32];
                for (int i = 0; i < px.length; i++) {
                    px[i] = i % 1000;
                }
                Files.write(file, TestDicom.builder(32, 32).bits(16, 10).frame(px).build());
            } else {
                String format = name.endsWith(".jpg") ? "jpeg" : "png";
                Files.write(file, TestImages.encode(TestImages.chestLike(48, 40, seed++), format));
            }
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image: not scored");
        Files.write(dir.resolve(".hidden.png"), TestImages.encode(TestImages.chestLike(32, 32, 99), "png"));
    }

    private ScoreSummary score(FakeClassifier classifier, Path csv, boolean resume) throws IOException {
        return new FolderScorer(classifier, this::recordProgress).score(dir, csv, resume);
    }

    private synchronized void recordProgress(long done, long total, String message) {
        lastProgress.clear();
        lastProgress.addAll(List.of(done, total, message));
    }

    private static List<List<String>> records(Path csv) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (List<String> r = ScoreCsv.readRecord(in); r != null; r = ScoreCsv.readRecord(in)) {
                records.add(r);
            }
        }
        return records;
    }

    @Test
    void scoresEveryImageInSortedOrderWithOneRowEach() throws Exception {
        FakeClassifier fake = FakeClassifier.instant();
        Path csv = tmp.resolve("out.csv");
        ScoreSummary summary = score(fake, csv, false);
        List<List<String>> records = records(csv);
        assertEquals(ScoreCsv.header(FakeClassifier.LABELS), records.get(0));
        List<String> files = records.stream().skip(1).map(r -> r.get(0)).toList();
        assertEquals(ORDER, files);
        List<String> broken = records.get(1 + ORDER.indexOf("broken.png"));
        assertTrue(broken.get(broken.size() - 1).contains("broken.png"), broken.toString());
        assertEquals("", broken.get(1), "no label for a failed image");
        List<String> scan = records.get(1 + ORDER.indexOf("scan"));
        assertEquals("", scan.get(scan.size() - 1), "an extension-less DICOM file is found and read: " + scan);
        List<String> first = records.get(1);
        assertEquals(ScoreCsv.row("a.png", fake.expected(XrayImage.read(dir.resolve("a.png")))), first);
        long failed = records.stream().skip(1).filter(r -> !r.get(r.size() - 1).isEmpty()).count();
        assertEquals(new ScoreSummary(ORDER.size() - failed, failed, 0, false), summary);
        assertEquals(List.of((long) ORDER.size(), (long) ORDER.size(), failed + " failed"), lastProgress);
    }

    @Test
    void aCrashThenResumeGivesTheSameCsvAsOneRun() throws Exception {
        Path whole = tmp.resolve("whole.csv");
        score(FakeClassifier.instant(), whole, false);
        byte[] expected = Files.readAllBytes(whole);

        Path csv = tmp.resolve("resumed.csv");
        // The fake runs on the default batch path (batches of 8): the crash comes in the second batch.
        assertThrows(FakeClassifier.SimulatedCrash.class, () -> score(FakeClassifier.crashingAfter(10), csv, false));
        byte[] partial = Files.readAllBytes(csv);
        assertTrue(partial.length < expected.length, "the crash stopped the run early");
        assertArrayEquals(partial, java.util.Arrays.copyOf(expected, partial.length), "rows written are kept");
        // A crash in the middle of a write leaves half a row behind.
        Files.writeString(csv, "z/i5.png,cov", StandardOpenOption.APPEND);

        ScoreSummary resumed = score(FakeClassifier.instant(), csv, true);
        byte[] actual = Files.readAllBytes(csv);
        assertArrayEquals(expected, actual, () -> new String(actual, StandardCharsets.UTF_8));
        assertTrue(resumed.skipped() > 0 && resumed.scored() > 0, resumed.toString());
    }

    @Test
    void anInterruptStopsAfterTheBatchAndResumeFinishesTheSameCsv() throws Exception {
        Path whole = tmp.resolve("whole.csv");
        score(FakeClassifier.instant(), whole, false);

        Path csv = tmp.resolve("resumed.csv");
        ScoreSummary stopped;
        try {
            stopped = score(FakeClassifier.interruptingAfter(5), csv, false);
        } finally {
            Thread.interrupted(); // the fake interrupted this test thread
        }
        assertTrue(stopped.stopped());
        assertTrue(records(csv).size() < ORDER.size() + 1);

        ScoreSummary finished = score(FakeClassifier.instant(), csv, true);
        assertFalse(finished.stopped());
        assertEquals(stopped.scored() + stopped.failed(), finished.skipped());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(csv));
    }

    @Test
    void resumingAFinishedCsvChangesNothing() throws Exception {
        Path csv = tmp.resolve("out.csv");
        score(FakeClassifier.instant(), csv, false);
        byte[] before = Files.readAllBytes(csv);
        ScoreSummary again = score(FakeClassifier.instant(), csv, true);
        assertEquals(new ScoreSummary(0, 0, ORDER.size(), false), again);
        assertArrayEquals(before, Files.readAllBytes(csv));
    }

    @Test
    void resumeRewritesATornHeader() throws Exception {
        Path whole = tmp.resolve("whole.csv");
        score(FakeClassifier.instant(), whole, false);
        Path csv = tmp.resolve("torn.csv");
        Files.writeString(csv, "file,lab");
        score(FakeClassifier.instant(), csv, true);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(csv));
    }

    @Test
    void refusesToOverwriteOrToResumeAnotherModelsCsv() throws Exception {
        Path csv = tmp.resolve("out.csv");
        Files.writeString(csv, "file,label,p_a,p_b,flagged,error\n");
        String overwrite = assertThrows(IOException.class, () -> score(FakeClassifier.instant(), csv, false))
                .getMessage();
        assertTrue(overwrite.contains("--resume"), overwrite);
        String other = assertThrows(IOException.class, () -> score(FakeClassifier.instant(), csv, true)).getMessage();
        assertTrue(other.contains("expected header file,label,p_covid"), other);
        Files.writeString(csv, String.join(",", ScoreCsv.header(FakeClassifier.LABELS)) + "\na.png,covid\n");
        String malformed = assertThrows(IOException.class, () -> score(FakeClassifier.instant(), csv, true))
                .getMessage();
        assertTrue(malformed.contains("row 2 has 2 fields"), malformed);
    }

    @Test
    void rejectsAMissingFolder() {
        Path missing = tmp.resolve("missing");
        IOException e = assertThrows(IOException.class, () -> new FolderScorer(FakeClassifier.instant(),
                this::recordProgress).score(missing, tmp.resolve("x.csv"), false));
        assertTrue(e.getMessage().contains("not a folder"));
    }
}
