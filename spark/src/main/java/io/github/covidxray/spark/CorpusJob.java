package io.github.covidxray.spark;

import io.github.covidxray.histogram.compare.ClassComparison;
import io.github.covidxray.histogram.dataset.ClassSummary;
import io.github.covidxray.histogram.report.HistogramReport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example job of the module's shaded jar, for {@code spark-submit}: classifies every image under a path
 * into Parquet and, optionally, prints the per-class histogram comparison of the folders. See the module's
 * README for the commands.
 *
 * <pre>
 * CorpusJob INPUT OUTPUT_PARQUET [--model BUNDLE.zip] [--histograms]
 * </pre>
 *
 * <p>{@code --model} names a bundle zip shipped with {@code --files}. Research use only: not a medical device.
 */
public final class CorpusJob {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusJob.class);

    private CorpusJob() {}

    /**
     * @param args input path, output path, then options
     */
    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean histograms = rest.remove("--histograms");
        SparkClassifierOptions.Builder options = SparkClassifierOptions.builder();
        int model = rest.indexOf("--model");
        if (model >= 0 && model + 1 < rest.size()) {
            options.optShippedBundle(rest.get(model + 1));
            rest.subList(model, model + 2).clear();
        }
        if (rest.size() != 2 || rest.get(0).startsWith("--")) {
            System.err.println("usage: CorpusJob INPUT OUTPUT_PARQUET [--model BUNDLE.zip] [--histograms]");
            System.exit(2);
        }
        long sessionStart = System.nanoTime();
        SparkSession spark = SparkSession.builder().appName("covid-xray corpus job").getOrCreate();
        // Spark's own fixed cost, apart from the JVM before main and the model load (logged by the executors).
        LOG.info("Spark session started in {} ms ({} ms after the JVM started)",
                (System.nanoTime() - sessionStart) / 1_000_000,
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        try {
            long start = System.nanoTime();
            Dataset<Row> images = XraySpark.readImages(spark, rest.get(0));
            Dataset<Row> scores = XraySpark.classify(images, options.build());
            scores.write().mode(SaveMode.ErrorIfExists).parquet(rest.get(1));
            Dataset<Row> written = spark.read().parquet(rest.get(1));
            long total = written.count();
            long errors = written.where("error is not null").count();
            LOG.info("classified {} images ({} unreadable) into {} in {} s", total, errors, rest.get(1),
                    (System.nanoTime() - start) / 1_000_000_000L);
            written.groupBy("label").count().orderBy("label").show(false);
            if (histograms) {
                HistogramReport report = XraySpark.histograms(images, "folder");
                for (ClassSummary s : report.analysis().classes().values()) {
                    LOG.info("class {}: {} images, {} pixels", s.label(), s.imageCount(), s.pixelCount());
                }
                for (ClassComparison c : report.comparisons()) {
                    LOG.info("{} vs {}: KS of per-image means {} (p {}), Jensen-Shannon {}, EMD {}", c.labelA(),
                            c.labelB(), c.ksMeans().distance(), c.ksMeans().pValue(), c.jensenShannon(),
                            c.earthMovers());
                }
            }
            LOG.info("research use only: not a medical device, not for diagnosis");
        } finally {
            spark.stop();
        }
    }
}
