package io.github.covidxray.cli.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.cli.testing.TinyBundle;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestImages;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code covid-xray score} end to end with a real (tiny) ONNX model: rows, probabilities and --resume. */
class ScoreCommandRealModelTest {

    @TempDir
    Path tmp;

    @Test
    void scoresAFolderAndResumesToTheSameCsv() throws Exception {
        Path bundle = TinyBundle.write(Files.createDirectories(tmp.resolve("model")));
        Path dir = Files.createDirectories(tmp.resolve("images/nested"));
        for (int i = 0; i < 7; i++) {
            Files.write(dir.resolve("x" + i + ".png"), TestImages.encode(TestImages.chestLike(48 + 8 * i, 56, i), "png"));
        }
        dir = dir.getParent();
        Path csv = tmp.resolve("scores.csv");
        CliRun first = CliRun.of("score", "--model", bundle.toString(), "--batch", "3", "--csv", csv.toString(),
                dir.toString());
        assertEquals(0, first.code(), first::err);
        assertTrue(first.err().contains("7 scored, 0 failed"), first::err);

        List<List<String>> records = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (List<String> r = ScoreCsv.readRecord(in); r != null; r = ScoreCsv.readRecord(in)) {
                records.add(r);
            }
        }
        assertEquals(8, records.size());
        try (CovidClassifier classifier = CovidClassifier.load(bundle)) {
            for (List<String> row : records.subList(1, records.size())) {
                Prediction p = classifier.classify(XrayImage.read(dir.resolve(row.get(0))));
                assertEquals(p.label(), row.get(1), row::toString);
                for (int c = 0; c < 3; c++) {
                    assertEquals(p.probabilities().get(c), Double.parseDouble(row.get(2 + c)), 2e-6, row::toString);
                }
                assertEquals(Boolean.toString(p.flagged()), row.get(5));
            }
        }

        // Interrupted after three rows, mid-write of the fourth: resume completes the same CSV.
        byte[] whole = Files.readAllBytes(csv);
        int cut = 0;
        for (int lines = 0; lines < 4; cut++) {
            lines += whole[cut] == '\n' ? 1 : 0;
        }
        Files.write(csv, Arrays.copyOf(whole, cut + 9));
        CliRun resumed = CliRun.of("score", "--model", bundle.toString(), "--batch", "3", "--csv", csv.toString(),
                "--resume", dir.toString());
        assertEquals(0, resumed.code(), resumed::err);
        assertTrue(resumed.err().contains("4 scored, 0 failed, 3 already there"), resumed::err);
        assertArrayEquals(whole, Files.readAllBytes(csv));
    }
}
