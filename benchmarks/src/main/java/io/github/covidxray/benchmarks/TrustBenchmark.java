package io.github.covidxray.benchmarks;

import ai.djl.Model;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.RawOutputs;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OodSettings;
import io.github.covidxray.core.trust.BundleCalibrator;
import io.github.covidxray.core.trust.ImageChecks;
import io.github.covidxray.core.trust.MahalanobisGate;
import io.github.covidxray.export.OnnxExporter;
import io.github.covidxray.training.nn.MobileNetV2Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the trust outputs cost on ONNX Runtime, for the default model's architecture (1-channel MobileNetV2,
 * 3 classes, 128x128; random weights, since speed does not depend on their values), from decoded chest
 * X-rays, one caller:
 * <ul>
 *   <li>{@code classifyPlain}: a graph with the logits only, no gate, no temperature;</li>
 *   <li>{@code classifyTrust}: the same weights exported with pooled features and class activation maps, with
 *       an out-of-distribution gate (Mahalanobis, {@value MahalanobisGate#DEFAULT_COMPONENTS} components, plus
 *       the roughness check) and a temperature: what every prediction of the default model now costs;</li>
 *   <li>{@code explainCam}: {@link CovidClassifier#explain(List, ExplanationMethod)} with CAM on that bundle:
 *       the prediction plus a 32x32 heatmap over each image.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class TrustBenchmark {

    private static final int SIZE = 128;

    /** Images per call. */
    @Param({"1", "8"})
    public int batch;

    /** Intra-op threads per forward pass. */
    @Param({"2"})
    public int threads;

    private Path dir;
    private CovidClassifier plain;
    private CovidClassifier trust;
    private List<XrayImage> images;

    /** Exports the two bundles and fits a gate on the trust one. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("covid-xray-trust-bench-");
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(SIZE).optChannels(1).build();
        MobileNetV2Block network = MobileNetV2Block.builder().setNumClasses(3).optInChannels(1).build();
        try (Model model = Model.newInstance("bench", "PyTorch")) {
            model.setBlock(network);
            network.initialize(model.getNDManager(), SIZE);
            exportBundle(network, spec, false, dir.resolve("plain"));
            exportBundle(network, spec, true, dir.resolve("trust"));
        }
        images = InteropFixtures.xrays(Math.max(batch, 32));
        fitGate(dir.resolve("trust"));
        images = images.subList(0, batch);
        plain = open(dir.resolve("plain"));
        trust = open(dir.resolve("trust"));
    }

    private static void exportBundle(MobileNetV2Block network, PreprocessingSpec spec, boolean extra, Path out)
            throws Exception {
        Files.createDirectories(out);
        Path onnx = out.resolve("m.onnx");
        OnnxExporter.Report report = OnnxExporter.builder().optExtraOutputs(extra).optImageSize(SIZE, SIZE).build()
                .export(network, onnx);
        ModelCard card = ModelCard.builder().setName("bench").setArchitecture(MobileNetV2Block.ARCHITECTURE)
                .setLabels(List.of("covid", "normal", "pneumonia")).setPreprocessing(spec)
                .setWeights(ModelFormat.ONNX, "m.onnx").build();
        ModelBundle.write(out, extra ? card.withOutputs(report.outputs()) : card, onnx);
    }

    /** A gate fitted on the features of a few real X-rays: its cost, not its quality, is measured. */
    private void fitGate(Path bundleDir) throws Exception {
        ModelBundle bundle = ModelBundle.load(bundleDir);
        float[][] features;
        List<float[]> statistics = new ArrayList<>();
        PreprocessingSpec spec = bundle.card().preprocessing();
        try (CovidClassifier c = open(bundleDir)) {
            XrayPreprocessor pre = new XrayPreprocessor(spec);
            float[] batch = pre.toBatch(images, null);
            for (int i = 0; i < images.size(); i++) {
                statistics.add(ImageChecks.statistics(batch, i * spec.sampleSize(), spec.width(), spec.height()));
            }
            RawOutputs out = ((ClassifierDiagnostics) c).forwardOutputs(batch, images.size());
            features = out.features();
        }
        MahalanobisGate.fit(Arrays.asList(features), MahalanobisGate.DEFAULT_COMPONENTS)
                .write(bundleDir.resolve(BundleCalibrator.OOD_FILE));
        MahalanobisGate.fit(statistics, ImageChecks.STATISTICS, true)
                .write(bundleDir.resolve(BundleCalibrator.OOD_IMAGE_FILE));
        bundle.update(bundle.card().withTemperature(1.2).withOod(new OodSettings(OodSettings.MAHALANOBIS,
                BundleCalibrator.OOD_FILE, null, 1.0, 0.5, BundleCalibrator.OOD_IMAGE_FILE, null, 1.0, Map.of())));
    }

    CovidClassifier plain() {
        return plain;
    }

    CovidClassifier trust() {
        return trust;
    }

    List<XrayImage> images() {
        return images;
    }

    private CovidClassifier open(Path bundle) throws Exception {
        return CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle).optPoolSize(1)
                .optMaxBatchSize(Math.max(batch, 32)).optIntraOpThreads(threads).build());
    }

    /** Frees native memory and the temporary bundles. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        plain.close();
        trust.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * @param bh consumes the predictions
     * @throws Exception if the engine fails
     */
    @Benchmark
    public void classifyPlain(Blackhole bh) throws Exception {
        for (Prediction p : plain.classify(images)) {
            bh.consume(p);
        }
    }

    /**
     * @param bh consumes the predictions
     * @throws Exception if the engine fails
     */
    @Benchmark
    public void classifyTrust(Blackhole bh) throws Exception {
        for (Prediction p : trust.classify(images)) {
            bh.consume(p);
        }
    }

    /**
     * @param bh consumes the explanations
     * @throws Exception if the engine fails
     */
    @Benchmark
    public void explainCam(Blackhole bh) throws Exception {
        for (Explanation e : trust.explain(images, ExplanationMethod.CAM)) {
            bh.consume(e);
        }
    }
}
