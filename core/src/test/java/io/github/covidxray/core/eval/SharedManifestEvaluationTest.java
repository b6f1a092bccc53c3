package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.testing.SharedData;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Patient-level bootstrap with the real validation split's labels and patient ids (made-up predictions). */
class SharedManifestEvaluationTest {

    @Test
    void resamplesTheValidationPatients() throws Exception {
        Path cxr = SharedData.requireCxr();
        XrayDataset val = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "val");
        List<String> labels = val.labels();
        int n = val.size();
        int[] trueIdx = new int[n];
        String[] patients = new String[n];
        double[][] probs = new double[n][];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            XrayRecord r = val.records().get(i);
            trueIdx[i] = labels.indexOf(r.label());
            patients[i] = r.patientId();
            double[] p = new double[labels.size()];
            p[trueIdx[i]] = 0.5 + 0.5 * random.nextDouble();
            int other = (trueIdx[i] + 1 + random.nextInt(labels.size() - 1)) % labels.size();
            p[other] = 1 - p[trueIdx[i]];
            probs[i] = p;
        }
        Set<String> distinct = new HashSet<>();
        int withoutId = 0;
        for (String id : patients) {
            if (id == null || id.isBlank()) {
                withoutId++;
            } else {
                distinct.add(id);
            }
        }
        EvaluationReport report = Evaluator.evaluate(labels, trueIdx, probs, patients,
                EvaluationOptions.builder().optBootstrapResamples(200).build());
        assertTrue(report.bootstrap().byPatient());
        assertEquals(distinct.size() + withoutId, report.bootstrap().units());
        assertTrue(report.bootstrap().units() < n, "some patients have several images");
        for (ClassMetrics c : report.perClass()) {
            assertFalse(Double.isNaN(c.auc().value()), c.label());
            assertTrue(c.auc().hasInterval(), c.label());
        }
        assertTrue(Objects.requireNonNull(report.operatingPoint()).isDefined());
    }
}
