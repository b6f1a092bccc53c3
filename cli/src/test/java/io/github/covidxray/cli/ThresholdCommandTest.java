package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.CliRun;
import io.github.covidxray.cli.testing.TinyBundle;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.OperatingPoints;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code threshold} stores exactly the point the library's rule chooses on the same scores. */
class ThresholdCommandTest {

    @Test
    void storesTheLibrarysOperatingPointInTheBundle(@TempDir Path tmp) throws Exception {
        Path bundle = TinyBundle.write(Files.createDirectories(tmp.resolve("model")));
        Path data = tmp.resolve("val");
        String[] labels = {"covid", "normal", "pneumonia"};
        for (int c = 0; c < labels.length; c++) {
            Files.createDirectories(data.resolve(labels[c]));
            for (int i = 0; i < 6; i++) {
                Files.write(data.resolve(labels[c]).resolve(i + ".png"),
                        TestImages.encode(TestImages.chestLike(40, 40, 100L * c + i), "png"));
            }
        }
        CliRun run = CliRun.of("threshold", "--model", bundle.toString(), "--data", data.toString(),
                "--target-sensitivity", "0.8", "--json");
        assertEquals(0, run.code(), run.err());
        OperatingPoint stored = ModelBundle.load(bundle).card().operatingPoint();

        XrayDataset val = DatasetReader.folderPerClass(data);
        int[] truth = new int[val.size()];
        double[][] probabilities = new double[val.size()][];
        try (CovidClassifier classifier = CovidClassifier.load(bundle)) {
            for (int i = 0; i < val.size(); i++) {
                XrayRecord r = val.records().get(i);
                Prediction p = classifier.classify(r.file());
                truth[i] = val.labels().indexOf(r.label());
                probabilities[i] = p.probabilities().stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        assertEquals(OperatingPoints.choose(val.labels(), truth, probabilities, "covid", 0.8), stored);
        assertTrue(run.out().contains("\"threshold\":" + stored.threshold()), run.out());
    }
}
