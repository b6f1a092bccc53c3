package io.github.covidxray.histogram.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.histogram.audit.AuditResult;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.compare.ClassComparator;
import io.github.covidxray.histogram.compare.ClassComparison;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole pipeline on the shared chest X-rays (validation split, to stay fast); skips when absent. */
class SharedDataAnalysisTest {

    private static final Logger LOG = LoggerFactory.getLogger(SharedDataAnalysisTest.class);

    @Test
    void realCovidAndNormalImagesDifferAndAreSeparable() throws Exception {
        Path cxr = SharedData.requireCxr();
        XrayDataset val = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "val");
        DatasetAnalysis analysis = DatasetHistogramAnalyzer.builder().build()
                .analyze(val, List.of("covid", "normal"), ProgressListener.NONE);
        ClassSummary covid = analysis.summary("covid");
        ClassSummary normal = analysis.summary("normal");
        assertEquals(val.ofLabel("covid").size(), covid.imageCount() + (int) analysis.skipped().stream()
                .filter(p -> p.file().toString().contains("/covid/")).count());
        assertEquals(1.0, java.util.Arrays.stream(covid.meanHistogram()).sum(), 1e-9);
        ClassComparison c = ClassComparator.compare(covid, normal);
        AuditResult audit = ShortcutAudit.builder().build().run(analysis.features());
        LOG.info("val covid vs normal: KS pooled {} (p {}), KS means {} (p {}), JS {}, EMD {}; audit {}",
                c.ksPooled().distance(), c.ksPooled().pValue(), c.ksMeans().distance(), c.ksMeans().pValue(),
                c.jensenShannon(), c.earthMovers(), audit.perClass());
        assertTrue(audit.groupedByPatient(), "the manifest has patient ids");
        // the shared collection is known to be source-separable: the audit must see it
        assertTrue(audit.perClass().get("covid").auc() > 0.8, "covid AUC " + audit.perClass().get("covid"));
        assertTrue(c.jensenShannon() > 0 && c.jensenShannon() <= Math.log(2));
    }
}
