package io.github.covidxray.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.ImageHeader;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.ClassifierDiagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link CovidClassifier} backend must have, whatever the engine. An engine module
 * extends this class once per model format it runs and says how to write a small model of that format
 * (the pattern of TwelveMonkeys' {@code ImageReaderAbstractTest}); the tests here build bundles around it.
 *
 * <p>Subclasses should use a tiny model so that the concurrency test (8 threads x 200 calls by default)
 * stays fast, or lower {@link #callsPerThread()} and {@link #repeatedCalls()} for a big one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CovidClassifierContractTest {

    /** Labels in an order that is not alphabetical, to catch code that sorts them. */
    protected static final List<String> LABELS = List.of("normal", "covid", "pneumonia");

    /** A folder for this test class's files, deleted after the last test. */
    protected Path tempDir;

    private ModelBundle bundle;
    private CovidClassifier shared;
    private List<XrayImage> images;

    /** @return the DJL engine name the backend under test reports, for example {@code OnnxRuntime} */
    protected abstract String engineName();

    /** @return the format of the files {@link #writeModelFile} writes */
    protected abstract ModelFormat format();

    /**
     * Writes the model under test into {@code dir}. It must take input as {@link #preprocessing()} makes
     * it and output {@link #modelClasses()} values per image (logits).
     *
     * @param dir an empty folder
     * @return the weight file (inside {@code dir} or elsewhere; it is copied into bundles)
     * @throws Exception if the model cannot be made (or skip with an assumption when a fixture is absent)
     */
    protected abstract Path writeModelFile(Path dir) throws Exception;

    /** @return the architecture name written to {@code model.json} */
    protected String architecture() {
        return "tiny-cnn";
    }

    /** @return the preprocessing the model expects; small by default so tests are fast */
    protected PreprocessingSpec preprocessing() {
        return PreprocessingSpec.builder().setSize(32).build();
    }

    /** @return the number of outputs of the model; {@link #LABELS} has 3 */
    protected int modelClasses() {
        return 3;
    }

    /** @return calls per thread in the concurrency test */
    protected int callsPerThread() {
        return 200;
    }

    /** @return calls in the native-memory test */
    protected int repeatedCalls() {
        return 300;
    }

    /**
     * @param bundleDir the bundle to open
     * @return options naming this engine; subclasses may add engine options
     */
    protected ClassifierOptions.Builder options(Path bundleDir) {
        return ClassifierOptions.builder().setBundle(bundleDir).optEngine(engineName()).optPoolSize(2);
    }

    @BeforeAll
    void openSharedClassifier(@TempDir Path dir) throws Exception {
        tempDir = dir;
        Path weights = writeModelFile(Files.createDirectories(tempDir.resolve("model")));
        bundle = writeBundle(tempDir.resolve("bundle"), LABELS, weights);
        shared = CovidClassifier.load(options(bundle.directory()).build());
        images = testImages(12);
    }

    @AfterAll
    void closeSharedClassifier() {
        if (shared != null) {
            shared.close();
        }
    }

    /**
     * Writes a bundle around a weight file.
     *
     * @param dir the bundle folder
     * @param labels the labels to declare
     * @param weights the weight file
     * @return the bundle
     */
    protected ModelBundle writeBundle(Path dir, List<String> labels, Path weights) throws IOException {
        ModelCard card = ModelCard.builder()
                .setName("contract-" + engineName().toLowerCase(java.util.Locale.ROOT))
                .setArchitecture(architecture())
                .setLabels(labels)
                .setPreprocessing(preprocessing())
                .setWeights(format(), weights.getFileName().toString())
                .build();
        return ModelBundle.write(dir, card, weights);
    }

    /**
     * Images that differ in size, aspect ratio, bit depth and content, so that a model gives each a
     * different answer (otherwise order and batching tests could not fail).
     *
     * @param n how many
     * @return the images
     */
    protected static List<XrayImage> testImages(int n) {
        List<XrayImage> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Random r = new Random(1000 + i);
            int w = 40 + r.nextInt(60);
            int h = 40 + r.nextInt(60);
            double fx = 0.05 + r.nextDouble() * 0.5;
            double fy = 0.05 + r.nextDouble() * 0.5;
            double base = 0.2 + r.nextDouble() * 0.5;
            double amp = 0.1 + r.nextDouble() * 0.3;
            if (i % 4 == 3) {
                short[] px = new short[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[y * w + x] = (short) (4095 * clamp(base + amp * Math.sin(fx * x) * Math.cos(fy * y)));
                    }
                }
                list.add(XrayImage.ofGray16(w, h, 12, px, "generated-" + i + ".png"));
            } else {
                byte[] px = new byte[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[y * w + x] = (byte) (255 * clamp(base + amp * Math.sin(fx * x + fy * y)
                                + 0.05 * r.nextGaussian()));
                    }
                }
                list.add(XrayImage.ofGray8(w, h, px, "generated-" + i + ".png"));
            }
        }
        return list;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static float[] probabilities(Prediction p) {
        float[] v = new float[p.probabilities().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = p.probabilities().get(i).floatValue();
        }
        return v;
    }

    @Test
    void engineIsChosenByFormatWhenNotNamed() throws Exception {
        try (CovidClassifier c = CovidClassifier.load(bundle.directory())) {
            assertEquals(engineName(), c.engine());
            assertEquals(bundle.card(), c.card());
        }
    }

    @Test
    void predictionsCarryEveryLabelInBundleOrder() throws Exception {
        for (XrayImage image : images) {
            Prediction p = shared.classify(image);
            assertEquals(LABELS, p.labels());
            assertEquals(LABELS.size(), p.probabilities().size());
            assertEquals(LABELS, List.copyOf(p.scores().keySet()));
            double best = Collections.max(p.probabilities());
            assertEquals(best, p.confidence(), 0.0);
            assertEquals(best, p.probability(p.label()), 0.0);
        }
    }

    @Test
    void probabilityIOfLabelIIsTheSoftmaxOfOutputI() throws Exception {
        // The label order must follow the model's output order, which only the raw outputs can show.
        ClassifierDiagnostics pooled = (ClassifierDiagnostics) shared;
        XrayPreprocessor pre = new XrayPreprocessor(preprocessing());
        for (XrayImage image : images.subList(0, 4)) {
            float[] logits = pooled.forwardRaw(pre.toChw(image), 1)[0];
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : logits) {
                sum += Math.exp(v - max);
            }
            Prediction p = shared.classify(image);
            for (int i = 0; i < logits.length; i++) {
                assertEquals(Math.exp(logits[i] - max) / sum, p.probability(LABELS.get(i)), 1e-6, LABELS.get(i));
            }
        }
    }

    @Test
    void probabilitiesAreInUnitRangeAndSumToOne() throws Exception {
        for (Prediction p : shared.classify(images)) {
            double sum = 0;
            for (double v : p.probabilities()) {
                assertTrue(v >= 0 && v <= 1, () -> "probability out of [0, 1]: " + p);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5, p::toString);
        }
    }

    @Test
    void batchGivesTheSameAsOneByOne() throws Exception {
        // Batches of 5 over 12 images: 5 + 5 + 2, so a partly filled last batch is covered too.
        try (CovidClassifier batched = CovidClassifier.load(options(bundle.directory()).optMaxBatchSize(5).build())) {
            List<Prediction> together = batched.classify(images);
            assertEquals(images.size(), together.size());
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(probabilities(shared.classify(images.get(i))), probabilities(together.get(i)), 1e-5f,
                        "image " + i);
            }
        }
    }

    @Test
    void batchesKeepTheOrderOfTheirImages() throws Exception {
        List<Prediction> forward = shared.classify(images);
        Set<List<Double>> distinct = new HashSet<>();
        forward.forEach(p -> distinct.add(p.probabilities()));
        assertEquals(images.size(), distinct.size(), "the test images must give distinct answers for this test to mean anything");

        List<XrayImage> reversed = new ArrayList<>(images);
        Collections.reverse(reversed);
        List<Prediction> backward = shared.classify(reversed);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(probabilities(forward.get(i)), probabilities(backward.get(images.size() - 1 - i)), 1e-5f,
                    "image " + i);
        }
        assertEquals(List.of(), shared.classify(List.of()));
    }

    @Test
    void concurrentCallersGetExactlyTheSequentialAnswers() throws Exception {
        List<Prediction> expected = new ArrayList<>();
        for (XrayImage image : images) {
            expected.add(shared.classify(image));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 5;
                futures.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int k = 0; k < callsPerThread(); k++) {
                        int i = (offset + k) % images.size();
                        Prediction p = shared.classify(images.get(i));
                        if (!p.probabilities().equals(expected.get(i).probabilities())) {
                            throw new AssertionError("image " + i + " gave " + p + " concurrently, " + expected.get(i)
                                    + " alone");
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            assertEquals(threads * callsPerThread(), total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nativeMemoryDoesNotGrowWithCalls() throws Exception {
        ClassifierDiagnostics pooled = (ClassifierDiagnostics) shared;
        shared.classify(images);
        int before = pooled.openNDArrays();
        for (int k = 0; k < repeatedCalls(); k++) {
            if (k % 10 == 0) {
                // Whole list: full and partial batches, of sizes other tests used (new shapes make
                // TorchScript re-optimise, which is slow and beside the point here).
                shared.classify(images);
            } else {
                shared.classify(images.get(k % images.size()));
            }
        }
        assertEquals(before, pooled.openNDArrays(), "open NDArrays in the model's manager after " + repeatedCalls() + " calls");
    }

    @Test
    void classifyAllKeepsInputOrderAndOneBadInputCostsOnlyItself() throws Exception {
        Path png = tempDir.resolve("good.png");
        Files.write(png, TestImages.encode(TestImages.chestLike(64, 48, 7), "png"));
        List<ImageSource> sources = new ArrayList<>();
        for (XrayImage image : images) {
            sources.add(ImageSource.of(image));
        }
        sources.add(3, ImageSource.of(new byte[] {1, 2, 3}, "junk.png"));
        sources.add(6, ImageSource.of(tempDir.resolve("missing.png")));
        sources.add(9, ImageSource.of(png));
        sources.add(11, sized(ImageSource.of(images.get(0)), "huge.png", 20_000, 20_000));

        List<ClassificationOutcome> outcomes = shared.classifyAll(sources);

        assertEquals(sources.size(), outcomes.size());
        for (int i = 0; i < sources.size(); i++) {
            ClassificationOutcome o = outcomes.get(i);
            assertEquals(sources.get(i).name(), o.input(), "outcome " + i + " is for its input");
            if (i == 3 || i == 6 || i == 11) {
                assertFalse(o.ok(), o.input());
                assertTrue(o.failure() instanceof InvalidImageException, o.failure().toString());
                assertTrue(o.error().contains(o.input()), o.error());
            } else {
                XrayImage image = i == 9 ? XrayImage.read(png, shared.readOptions())
                        : sources.get(i).read(shared.readOptions());
                assertArrayEquals(probabilities(shared.classify(image)), probabilities(o.prediction()), 1e-5f,
                        "input " + i);
            }
        }
        assertTrue(outcomes.get(6).error().contains("not found"), outcomes.get(6).error());
        assertTrue(outcomes.get(11).error().contains("maxPixels"), "refused from its header: " + outcomes.get(11).error());
    }

    @Test
    void thePixelBudgetBoundsThePixelsBetweenReadAndResult() throws Exception {
        int side = 48;
        long budget = 5L * side * side;
        AtomicLong held = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        List<ImageSource> sources = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            XrayImage image = XrayImage.ofGray8(side, side, chestPixels(side, side, i), "img-" + i + ".png");
            ImageSource plain = ImageSource.of(image);
            sources.add(new ImageSource() {
                @Override
                public String name() {
                    return plain.name();
                }

                @Override
                public Optional<ImageHeader> probe() throws InvalidImageException {
                    return plain.probe();
                }

                @Override
                public XrayImage read(ReadOptions options) throws InvalidImageException {
                    peak.accumulateAndGet(held.addAndGet(image.pixelCount()), Math::max);
                    return plain.read(options);
                }
            });
        }
        // One oversized image in the middle is decoded alone rather than refused or allowed to break the budget.
        XrayImage big = XrayImage.ofGray8(3 * side, 3 * side, chestPixels(3 * side, 3 * side, 99), "big.png");
        sources.add(30, new ImageSource() {
            @Override
            public String name() {
                return "big.png";
            }

            @Override
            public Optional<ImageHeader> probe() {
                return Optional.of(ImageHeader.of(big));
            }

            @Override
            public XrayImage read(ReadOptions options) {
                peak.accumulateAndGet(held.addAndGet(Math.min(budget, big.pixelCount())), Math::max);
                return big;
            }
        });
        List<String> delivered = new ArrayList<>();
        try (CovidClassifier c = CovidClassifier.load(options(bundle.directory()).optMaxBatchSize(4)
                .optPixelBudget(budget).build())) {
            c.classifyEach(sources.iterator(), o -> {
                assertTrue(o.ok(), o.error());
                delivered.add(o.input());
                held.addAndGet(-(o.input().equals("big.png") ? Math.min(budget, big.pixelCount()) : side * side));
            });
        }
        assertEquals(sources.stream().map(ImageSource::name).toList(), delivered, "every input once, in order");
        assertTrue(peak.get() <= budget, "peak " + peak.get() + " decoded pixels, budget " + budget);
        assertEquals(0, held.get());
    }

    @Test
    void streamingOverManyInputsNeedsNoList() throws Exception {
        int n = 500;
        Iterator<ImageSource> lazy = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public ImageSource next() {
                return ImageSource.of(images.get(i++ % images.size()).withSource("stream-" + (i - 1)));
            }
        };
        List<ClassificationOutcome> outcomes = new ArrayList<>();
        shared.classifyEach(lazy, outcomes::add);
        assertEquals(n, outcomes.size());
        List<Prediction> expected = shared.classify(images);
        for (int i = 0; i < n; i += 37) {
            assertEquals("stream-" + i, outcomes.get(i).input());
            assertArrayEquals(probabilities(expected.get(i % images.size())), probabilities(outcomes.get(i).prediction()),
                    1e-5f, "input " + i);
        }
    }

    @Test
    void batchPathOnAClosedClassifierFailsClearly() throws Exception {
        CovidClassifier c = CovidClassifier.load(options(bundle.directory()).build());
        c.close();
        assertThrows(IllegalStateException.class, () -> c.classifyAll(List.of(ImageSource.of(images.get(0)))));
    }

    private static byte[] chestPixels(int w, int h, long seed) {
        return ((java.awt.image.DataBufferByte) TestImages.chestLike(w, h, seed).getRaster().getDataBuffer()).getData();
    }

    /** A source that reports another size in its header than it decodes to. */
    private static ImageSource sized(ImageSource inner, String name, int width, int height) {
        return new ImageSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<ImageHeader> probe() {
                return Optional.of(new ImageHeader("PNG", width, height));
            }

            @Override
            public XrayImage read(ReadOptions options) throws InvalidImageException {
                return inner.read(options).withSource(name);
            }
        };
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        CovidClassifier c = CovidClassifier.load(options(bundle.directory()).build());
        c.classify(images.get(0));
        c.close();
        c.close();
    }

    @Test
    void useAfterCloseFailsClearly() throws Exception {
        CovidClassifier c = CovidClassifier.load(options(bundle.directory()).build());
        c.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.classify(images.get(0)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.classify(images));
        assertEquals(bundle.card(), c.card(), "the card stays readable after close");
    }

    @Test
    void corruptModelFileIsRejectedNamingTheFile() throws Exception {
        Path weights = writeModelFile(Files.createDirectories(tempDir.resolve("corrupt-src")));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Path corrupt = Files.createDirectories(tempDir.resolve("corrupt")).resolve(weights.getFileName());
        Files.write(corrupt, garbage);
        assertRejected(writeBundle(tempDir.resolve("corrupt-bundle"), LABELS, corrupt), weights.getFileName().toString());
    }

    @Test
    void truncatedModelFileIsRejectedNamingTheFile() throws Exception {
        Path weights = writeModelFile(Files.createDirectories(tempDir.resolve("truncated-src")));
        byte[] bytes = Files.readAllBytes(weights);
        Path truncated = Files.createDirectories(tempDir.resolve("truncated")).resolve(weights.getFileName());
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertRejected(writeBundle(tempDir.resolve("truncated-bundle"), LABELS, truncated),
                weights.getFileName().toString());
    }

    @Test
    void labelCountNotMatchingTheModelIsRejected() throws Exception {
        Path weights = bundle.weightsFile();
        List<String> tooMany = new ArrayList<>(LABELS);
        tooMany.add("other");
        InvalidBundleException e = assertRejected(writeBundle(tempDir.resolve("labels-4"), tooMany, weights), "labels");
        assertTrue(e.getMessage().contains(String.valueOf(tooMany.size())) && e.getMessage().contains(String.valueOf(modelClasses())),
                e.getMessage());
        assertRejected(writeBundle(tempDir.resolve("labels-2"), LABELS.subList(0, 2), weights), "labels");
    }

    @Test
    void checksumMismatchIsRejectedBeforeTheEngineSeesTheFile() throws Exception {
        ModelBundle copy = writeBundle(tempDir.resolve("tampered"), LABELS, bundle.weightsFile());
        byte[] bytes = Files.readAllBytes(copy.weightsFile());
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(copy.weightsFile(), bytes);
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> CovidClassifier.load(options(copy.directory()).build()));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(e.getMessage().contains(copy.card().weights()), e.getMessage());
    }

    @Test
    void anEngineThatIsNotOnTheClasspathIsNamedWithTheArtifactToAdd() {
        ModelException e = assertThrows(ModelException.class,
                () -> CovidClassifier.load(options(bundle.directory()).optEngine("NoSuchEngine").build()));
        assertTrue(e.getMessage().contains("NoSuchEngine") && e.getMessage().contains("covid-xray-engine-"), e.getMessage());
    }

    private InvalidBundleException assertRejected(ModelBundle bad, String mustMention) {
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> CovidClassifier.load(options(bad.directory()).build()).close());
        assertTrue(e.getMessage().contains(mustMention), () -> "message should mention '" + mustMention + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(bad.directory().toString()), e::getMessage);
        return e;
    }
}
