package io.github.covidxray.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import io.github.covidxray.histogram.report.HistogramReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link XraySpark} must do on any Spark master; each master extends this with its own session. Images
 * are generated at test time: two classes of PNG and JPEG files (upper- and mixed-case extensions, 8 and 16
 * bits), a 12-bit DICOM, a corrupt PNG, a text file that is not an image, and one image in a nested folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class XraySparkContractTest {

    static final String SHIPPED = "own-model.zip";
    /** The files {@link #writeCorpus} writes that {@code readImages} picks up (all but notes.txt). */
    static final int IMAGE_FILES = 12;

    SparkSession spark;
    Path corpus;
    CovidClassifier reference;
    /** The shipped bundle, opened in this JVM: the default model's weights under class names of its own. */
    CovidClassifier shippedReference;

    /** @return the Spark master URL under test */
    abstract String master();

    /** @return how many executor JVMs the master runs besides the driver (0: tasks run in the driver) */
    abstract int separateExecutors();

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        corpus = writeCorpus(temp.resolve("corpus"));
        String javaOptions = System.getProperty("spark.java.options", "") + " -Dai.djl.offline=true";
        spark = SparkSession.builder()
                .master(master())
                .appName(getClass().getSimpleName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.executor.extraJavaOptions", javaOptions)
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        Path shipped = zipRenamedDefaultBundle(temp.resolve(SHIPPED));
        spark.sparkContext().addFile(shipped.toString());
        reference = CovidClassifier.loadDefault();
        shippedReference = CovidClassifier.load(shipped);
    }

    @AfterAll
    void stop() {
        if (reference != null) {
            reference.close();
        }
        if (shippedReference != null) {
            shippedReference.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void readsImageFilesRecursivelyByExtensionInAnyCase() {
        List<String> names = XraySpark.readImages(spark, corpus.toString()).select("path").collectAsList().stream()
                .map(r -> r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1)).sorted().toList();
        assertEquals(List.of("a0.png", "a1.png", "a2.png", "a3.JPG", "a4.Png", "b0.png", "b1.png", "b2.png", "b3.PNG",
                "b4.Dcm", "broken.png", "c0.png"), names);
    }

    @Test
    void classifiesLikeTheSdkAndACorruptFileIsAnErrorRow() throws Exception {
        Dataset<Row> images = XraySpark.readImages(spark, corpus.toString()).repartition(3);
        Map<String, Row> rows = byFileName(XraySpark.classify(images, SparkClassifierOptions.defaults()));
        assertEquals(IMAGE_FILES, rows.size());
        assertMatchesReference(rows);
        assertNull(rows.get("b4.Dcm").getAs("error"), "the DICOM file is classified");
        Row broken = rows.get("broken.png");
        assertNull(broken.getAs("label"));
        assertNull(broken.getAs("confidence"));
        String error = broken.getAs("error");
        assertTrue(error.contains("broken.png"), error);
        // The default model has out-of-distribution statistics: the scores compared above are numbers, not NaN.
        assertTrue(rows.values().stream().filter(r -> r.isNullAt(r.fieldIndex("error")))
                .allMatch(r -> Double.isFinite(r.getAs("ood_score"))), "ood_score should be a number");
    }

    @Test
    void loadsTheModelOncePerExecutorJvm() {
        // Options of their own, so that other tests' loads do not count.
        SparkClassifierOptions options = SparkClassifierOptions.builder().optBatchSize(2).build();
        Dataset<Row> images = XraySpark.readImages(spark, corpus.toString()).repartition(8);
        assertEquals(IMAGE_FILES, XraySpark.classify(images, options).count());
        assertEquals(IMAGE_FILES, XraySpark.classify(images, options).count());
        Map<Long, Integer> loadsPerJvm = loadsPerJvm(options);
        int total = loadsPerJvm.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(loadsPerJvm.values().stream().allMatch(n -> n <= 1), "loads per JVM: " + loadsPerJvm);
        assertTrue(total >= 1 && total <= Math.max(1, separateExecutors()), "loads per JVM: " + loadsPerJvm);
        if (separateExecutors() > 0) {
            long driver = ProcessHandle.current().pid();
            assertFalse(loadsPerJvm.containsKey(driver), "tasks ran in the driver: " + loadsPerJvm);
            assertEquals(0, ExecutorClassifiers.loads(options), "the driver loaded the model");
        }
    }

    @Test
    void shipsABundleOfOnesOwnWithSparkFiles() throws Exception {
        SparkClassifierOptions options = SparkClassifierOptions.builder().optShippedBundle(SHIPPED).build();
        Dataset<Row> results = XraySpark.classify(XraySpark.readImages(spark, corpus.toString()), options);
        // Its class names, not the default model's, name the columns (read on the driver) and the labels
        // (from the model each executor opened): an executor that fell back to the default model would fail.
        assertEquals(List.of("covid_own", "normal_own", "pneumonia_own"), shippedReference.card().labels());
        assertTrue(List.of(results.columns()).containsAll(shippedReference.card().labels()));
        Map<String, Row> rows = byFileName(results);
        assertEquals(IMAGE_FILES, rows.size());
        assertMatchesReference(rows, corpus, shippedReference);
        assertTrue(rows.values().stream().filter(r -> r.getAs("label") != null)
                .allMatch(r -> r.<String>getAs("label").endsWith("_own")), "labels: " + rows);
        assertTrue(loadsPerJvm(options).values().stream().mapToInt(Integer::intValue).sum() >= 1);
    }

    @Test
    void histogramsEqualAnalyzeBitForBit() throws Exception {
        DatasetAnalysis cli = DatasetHistogramAnalyzer.builder().optAuditFeatures(false).build()
                .analyze(DatasetReader.folderPerClass(corpus), List.of("a", "b"), ProgressListener.NONE);
        HistogramReport expected = HistogramReport.of("cli", cli, null);
        Dataset<Row> images = XraySpark.readImages(spark, corpus.toString()).where("folder in ('a', 'b')");
        for (int partitions : new int[] {1, 5}) {
            HistogramReport actual = XraySpark.histograms(images.repartition(partitions), "folder");
            assertEquals(List.of("a", "b"), actual.analysis().labels());
            for (String label : List.of("a", "b")) {
                assertEquals(cli.summary(label), actual.analysis().summary(label), label + " in " + partitions);
            }
            assertEquals(expected.comparisons(), actual.comparisons());
            // analyze also lists notes.txt as "not an image file"; readImages does not pick it up at all.
            assertEquals(List.of("broken.png", "notes.txt"), cli.skipped().stream()
                    .map(p -> p.file().getFileName().toString()).sorted().toList());
            assertEquals(1, actual.analysis().skipped().size());
            assertTrue(actual.analysis().skipped().get(0).file().toString().endsWith("broken.png"));
        }
    }

    /** Every row but the corrupt file's matches the in-process classifier on the same file. */
    void assertMatchesReference(Map<String, Row> rows) throws IOException {
        assertMatchesReference(rows, corpus, reference);
    }

    /** Every row matches the in-process classifier on the file of that name under the folder. */
    static void assertMatchesReference(Map<String, Row> rows, Path folder, CovidClassifier reference)
            throws IOException {
        List<String> names = new ArrayList<>(rows.keySet());
        List<ImageSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            Map<String, Path> byName = new HashMap<>();
            files.filter(Files::isRegularFile).forEach(f -> byName.put(f.getFileName().toString(), f));
            names.forEach(n -> sources.add(ImageSource.of(byName.get(n))));
        }
        List<ClassificationOutcome> expected = reference.classifyAll(sources);
        List<String> labels = reference.card().labels();
        for (int i = 0; i < names.size(); i++) {
            Row row = rows.get(names.get(i));
            ClassificationOutcome o = expected.get(i);
            assertEquals(o.ok(), row.isNullAt(row.fieldIndex("error")), names.get(i));
            if (!o.ok()) {
                continue;
            }
            assertEquals(o.prediction().label(), row.getAs("label"), names.get(i));
            assertEquals(o.prediction().confidence(), (double) row.getAs("confidence"), 1e-6, names.get(i));
            for (String label : labels) {
                assertEquals(o.prediction().probability(label), (double) row.getAs(label), 1e-6, names.get(i));
            }
            assertEquals(o.prediction().flagged(), row.getAs("flagged"));
            assertEquals(o.prediction().outOfDistribution(), row.getAs("out_of_distribution"));
            double ood = o.prediction().oodScore();
            assertEquals(ood, (double) row.getAs("ood_score"), 1e-5 * Math.max(1, Math.abs(ood)), names.get(i));
        }
    }

    static Map<String, Row> byFileName(Dataset<Row> results) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : results.collectAsList()) {
            String path = r.getAs("path");
            assertNotNull(path);
            rows.put(path.substring(path.lastIndexOf('/') + 1), r);
        }
        return rows;
    }

    /** Runs many small tasks and asks each JVM that runs one how often it loaded a model for the options. */
    Map<Long, Integer> loadsPerJvm(SparkClassifierOptions options) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> tasks = IntStream.range(0, 16).boxed().toList();
        Map<Long, Integer> result = new HashMap<>();
        for (long[] jvm : jsc.parallelize(tasks, tasks.size())
                .map(i -> new long[] {ProcessHandle.current().pid(), ExecutorClassifiers.loads(options)}).collect()) {
            result.put(jvm[0], (int) jvm[1]);
        }
        return result;
    }

    static Path writeCorpus(Path root) throws IOException {
        Random random = new Random(11);
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        for (int i = 0; i < 3; i++) {
            write(a.resolve("a" + i + ".png"), TestImages.encode(TestImages.chestLike(96, 80, i), "png"));
            int shift = 40 + 20 * i;
            write(b.resolve("b" + i + ".png"), TestImages.encode(TestImages.gray8(70, 90,
                    (x, y) -> Math.min(255, shift + random.nextInt(120))), "png"));
        }
        write(a.resolve("a3.JPG"), TestImages.encode(TestImages.chestLike(120, 100, 7), "jpeg"));
        write(a.resolve("a4.Png"), TestImages.encode(TestImages.gray16(64, 64, (x, y) -> x * 900 + y * 37), "png"));
        write(b.resolve("b3.PNG"), TestImages.encode(TestImages.chestLike(100, 100, 9), "png"));
        int[] stored = new int[72 * 60];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (i % 60) * 50 + (i / 60) * 7 + random.nextInt(200);
        }
        write(b.resolve("b4.Dcm"), TestDicom.builder(72, 60).bits(16, 12).frame(stored).build());
        write(b.resolve("broken.png"), "not a PNG at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        write(a.resolve("notes.txt"), "read me".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path nested = Files.createDirectories(root.resolve("other/deeper"));
        write(nested.resolve("c0.png"), TestImages.encode(TestImages.chestLike(64, 64, 3), "png"));
        return root;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    /**
     * Zips the bundled default model as a user would zip a bundle of their own, with its classes renamed
     * ({@code covid} to {@code covid_own}, ...) so that results from it cannot be mistaken for the default's.
     */
    static Path zipRenamedDefaultBundle(Path zip) throws Exception {
        Path dir = ModelBundle.fromClasspath(CovidClassifier.DEFAULT_MODEL_RESOURCE,
                XraySparkContractTest.class.getClassLoader()).directory();
        ObjectMapper json = new ObjectMapper();
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
                Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                if (f.getFileName().toString().equals("model.json")) {
                    ObjectNode card = (ObjectNode) json.readTree(f.toFile());
                    ArrayNode labels = card.putArray("labels");
                    json.readTree(f.toFile()).get("labels").forEach(l -> labels.add(l.asText() + "_own"));
                    ObjectNode point = (ObjectNode) card.get("operating_point");
                    point.put("label", point.get("label").asText() + "_own");
                    z.write(json.writeValueAsBytes(card));
                } else {
                    Files.copy(f, z);
                }
                z.closeEntry();
            }
        }
        return zip;
    }
}
