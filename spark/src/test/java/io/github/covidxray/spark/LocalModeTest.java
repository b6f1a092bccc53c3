package io.github.covidxray.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.report.HistogramReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** {@link XraySpark} in {@code local[2]}: two task threads in the test's own JVM. */
class LocalModeTest extends XraySparkContractTest {

    @Override
    String master() {
        return "local[2]";
    }

    @Override
    int separateExecutors() {
        return 0;
    }

    /** The real validation X-rays of ../shared: classification and histograms agree with the SDK's. */
    @Test
    void sharedValidationImagesMatchTheSdk() throws Exception {
        Path val = SharedData.requireCxr().resolve("val");
        Dataset<Row> images = XraySpark.readImages(spark, val.toString());
        Map<String, Row> rows = byFileName(XraySpark.classify(images, SparkClassifierOptions.defaults()));
        assertEquals(322, rows.size());
        assertMatchesReference(rows, val, reference);

        DatasetAnalysis cli = DatasetHistogramAnalyzer.builder().optAuditFeatures(false).build()
                .analyze(DatasetReader.folderPerClass(val), List.of(), ProgressListener.NONE);
        HistogramReport spark = XraySpark.histograms(images, "folder");
        assertEquals(cli.labels(), spark.analysis().labels());
        for (String label : cli.labels()) {
            assertEquals(cli.summary(label), spark.analysis().summary(label), label);
        }
        assertEquals(HistogramReport.of("cli", cli, null).comparisons(), spark.comparisons());
    }
}
