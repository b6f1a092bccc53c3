package io.github.covidxray.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.split;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.dataset.ClassAccumulator;
import io.github.covidxray.histogram.dataset.ClassSummary;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.report.HistogramReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chest X-ray corpora on Apache Spark: read image files, classify them with a model bundle on the executors,
 * and compute the per-class histogram analysis of {@code covid-xray analyze} as a distributed aggregation.
 *
 * <pre>{@code
 * Dataset<Row> images = XraySpark.readImages(spark, "hdfs:///archives/cxr");
 * Dataset<Row> scores = XraySpark.classify(images, SparkClassifierOptions.defaults());
 * scores.write().parquet("hdfs:///results/cxr-scores");
 * HistogramReport report = XraySpark.histograms(images, "folder");
 * }</pre>
 *
 * <p>Research use only: not a medical device; a score is a model output, not a diagnosis.
 */
public final class XraySpark {

    private static final Logger LOG = LoggerFactory.getLogger(XraySpark.class);
    private static final List<String> FIXED_COLUMNS =
            List.of("path", "label", "confidence", "flagged", "out_of_distribution", "ood_score", "error");

    private XraySpark() {}

    /**
     * Lists the image files under a path, recursively, by extension in any letter case (PNG, JPEG, DICOM, and
     * BMP and TIFF: the extensions of {@link DatasetReader#IMAGE_EXTENSIONS}, so that a folder yields the same
     * files as {@code covid-xray analyze}), with Spark's {@code binaryFile} source: anything Spark reads
     * (local, HDFS, S3).
     * Files are read lazily, when a job needs their content.
     *
     * @param spark the session
     * @param path a folder (or glob) of images
     * @return columns {@code path} (string, a URI), {@code folder} (the name of the file's folder: the class in a
     *     folder-per-class layout), {@code length} (long) and {@code content} (binary)
     */
    public static Dataset<Row> readImages(SparkSession spark, String path) {
        return spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", extensionGlob())
                .load(path)
                .select(col("path"), element_at(split(col("path"), "/"), -2).as("folder"), col("length"),
                        col("content"));
    }

    /** A Hadoop glob matching the image extensions in any letter case: {@code *.{[pP][nN][gG],...}}. */
    static String extensionGlob() {
        List<String> alternatives = new ArrayList<>();
        for (String ext : new TreeSet<>(DatasetReader.IMAGE_EXTENSIONS)) {
            StringBuilder b = new StringBuilder();
            for (char c : ext.toCharArray()) {
                b.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
            }
            alternatives.add(b.toString());
        }
        return "*.{" + String.join(",", alternatives) + "}";
    }

    /**
     * Classifies every image with the model the options name, loaded once per executor JVM and shared by its
     * tasks; each forward pass uses {@code spark.task.cpus} threads. Files are read with the bundle's read
     * options, exactly as {@code covid-xray classify} reads them. A file that cannot be read (or that the
     * model fails on) becomes a row with {@code error} set and the other columns null: it never fails the job.
     *
     * @param images rows with {@code path} (string) and {@code content} (binary), as {@link #readImages} gives
     * @param options the model
     * @return columns {@code path}, {@code label}, {@code confidence}, one double column per class named as in
     *     the model card, {@code flagged} (the operating point's decision), {@code out_of_distribution},
     *     {@code ood_score} (NaN when the model has no out-of-distribution statistics) and {@code error}
     * @throws UncheckedIOException if the model's card cannot be read on the driver
     * @throws IllegalArgumentException if a class name clashes with a fixed column
     */
    public static Dataset<Row> classify(Dataset<Row> images, SparkClassifierOptions options) {
        ModelCard card;
        try {
            card = ExecutorClassifiers.card(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.describe() + ": " + e.getMessage(), e);
        }
        StructType schema = resultSchema(card.labels());
        return images.select(col("path"), col("content"))
                .mapPartitions(new ClassifyPartition(options, card.labels().size()), Encoders.row(schema));
    }

    static StructType resultSchema(List<String> labels) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("path", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("confidence", DataTypes.DoubleType, true));
        Set<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        taken.addAll(FIXED_COLUMNS);
        for (String label : labels) {
            if (!taken.add(label)) {
                throw new IllegalArgumentException("class '" + label + "' would clash with the column of that name "
                        + "(Spark column names are case-insensitive); the fixed columns are " + FIXED_COLUMNS);
            }
            fields.add(DataTypes.createStructField(label, DataTypes.DoubleType, true));
        }
        fields.add(DataTypes.createStructField("flagged", DataTypes.BooleanType, true));
        fields.add(DataTypes.createStructField("out_of_distribution", DataTypes.BooleanType, true));
        fields.add(DataTypes.createStructField("ood_score", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /**
     * The histogram analysis of {@code covid-xray analyze} with its default settings, as a distributed job.
     *
     * @param images rows with {@code path}, {@code content} and the label column
     * @param labelColumn the column holding each image's class (for example {@code folder} from
     *     {@link #readImages}); rows where it is null are left out
     * @return the report: per-class summaries and every pair of classes compared
     * @see #histograms(Dataset, String, HistogramSettings)
     */
    public static HistogramReport histograms(Dataset<Row> images, String labelColumn) {
        return histograms(images, labelColumn, HistogramSettings.defaults());
    }

    /**
     * The histogram analysis of {@code covid-xray analyze} as a distributed job: each executor reads and
     * analyses its images and folds them into per-class sums; the driver merges one small partial result per
     * partition. Class histograms are exact sums, so pooled counts, mean and SD histograms are bit-for-bit
     * those of {@code analyze} on the same files, whatever the partitioning; per-image statistics are put in
     * the CLI's order (by class, then path), so the class comparisons agree too. Unreadable images are listed
     * in the analysis' {@code skipped()} and left out, as {@code analyze} does.
     *
     * <p>The driver holds one partial result per partition plus the 16 statistics of every image (a few
     * hundred bytes an image: some 150 MB for 400,000 images). Classes are sorted by name. No audit features are
     * extracted (the shortcut audit needs every image's features on one machine), so
     * {@code report.audit()} is null and {@code analysis().images()} is empty.
     *
     * @param images rows with {@code path}, {@code content} and the label column
     * @param labelColumn the column holding each image's class; rows where it is null are left out
     * @param settings the analysis settings, as {@code analyze}'s options
     * @return the report: per-class summaries and every pair of classes compared
     * @throws IllegalArgumentException if no image could be analysed
     */
    public static HistogramReport histograms(Dataset<Row> images, String labelColumn, HistogramSettings settings) {
        List<HistogramPartition.Result> parts = images
                .where(col(labelColumn).isNotNull())
                .select(col("path"), col(labelColumn).cast(DataTypes.StringType), col("content"))
                .javaRDD()
                .mapPartitions(new HistogramPartition(settings))
                .collect();
        Map<String, ClassAccumulator> merged = new TreeMap<>();
        Map<String, List<HistogramPartition.ImageStats>> perClass = new TreeMap<>();
        List<ScanProblem> skipped = new ArrayList<>();
        for (HistogramPartition.Result part : parts) {
            part.classes().forEach((label, acc) -> merged.merge(label, acc, (a, b) -> {
                a.merge(b);
                return a;
            }));
            for (HistogramPartition.ImageStats s : part.images()) {
                perClass.computeIfAbsent(s.label(), l -> new ArrayList<>()).add(s);
            }
            for (String[] problem : part.skipped()) {
                skipped.add(new ScanProblem(Path.of(problem[0]), problem[1]));
            }
        }
        if (merged.isEmpty()) {
            throw new IllegalArgumentException("no image could be analysed (" + skipped.size() + " skipped)");
        }
        if (!skipped.isEmpty()) {
            LOG.warn("skipped {} unreadable image(s); first: {} ({})", skipped.size(), skipped.get(0).file(),
                    skipped.get(0).problem());
        }
        Map<String, ClassSummary> summaries = new LinkedHashMap<>();
        for (Map.Entry<String, ClassAccumulator> e : merged.entrySet()) {
            ClassSummary bins = e.getValue().summary();
            List<HistogramPartition.ImageStats> stats = perClass.get(e.getKey());
            stats.sort(Comparator.comparing(HistogramPartition.ImageStats::path));
            EnumMap<Statistic, double[]> values = new EnumMap<>(Statistic.class);
            Statistic[] statistics = Statistic.values();
            for (int i = 0; i < statistics.length; i++) {
                double[] column = new double[stats.size()];
                for (int j = 0; j < column.length; j++) {
                    column[j] = stats.get(j).values()[i];
                }
                values.put(statistics[i], column);
            }
            summaries.put(e.getKey(), new ClassSummary(e.getKey(), bins.imageCount(), bins.meanHistogram(),
                    bins.sdHistogram(), bins.pooledCounts(), values));
        }
        DatasetAnalysis analysis = new DatasetAnalysis(List.copyOf(summaries.keySet()), summaries, List.of(), skipped,
                null);
        return HistogramReport.of("Spark dataset, classes from column " + labelColumn, analysis, null);
    }

}
