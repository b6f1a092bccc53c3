package io.github.covidxray.benchmarks;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.ClassifierDiagnostics;
import java.io.IOException;
import java.nio.FloatBuffer;
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
 * Latency of one call, sampled so that medians are reported (robust on a shared machine; images/s =
 * batch x 1000 / median ms), for torchvision MobileNetV2 and DenseNet-121 (shared
 * fixtures, 224x224) on ONNX Runtime and PyTorch (TorchScript), one caller:
 * <ul>
 *   <li>{@code forward}: a bare DJL predictor on the fixed, already preprocessed input batch: the engine's
 *       cost, the floor for everything else;</li>
 *   <li>{@code classifierForward}: the same input through the classifier's predictor pool and translator
 *       ({@link ClassifierDiagnostics#forwardRaw}): what the classifier adds to the bare forward pass;</li>
 *   <li>{@code preprocess}: decoded 256x256 8-bit chest X-rays to the model's input (centre crop, area
 *       resampling, ImageNet normalisation), pure Java;</li>
 *   <li>{@code endToEnd}: {@link CovidClassifier#classify(List)} from those decoded X-rays: preprocessing +
 *       pool + forward + softmax.</li>
 * </ul>
 * Both paths run with {@link #threads} intra-op threads per pass (default 2, the cores of the machine the
 * results were measured on; run with {@code -p threads=1} for one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class InferenceBenchmark {

    /** Fixture and format. */
    @Param({"mobilenet_v2-onnx", "mobilenet_v2-torchscript", "densenet121-onnx"})
    public String model;

    /** Images per call. */
    @Param({"1", "8"})
    public int batch;

    /** Intra-op threads of each forward pass, for the bare predictor and the classifier alike. */
    @Param({"2"})
    public int threads;

    private Model rawModel;
    private Predictor<float[], float[]> rawPredictor;
    private float[] input;
    private CovidClassifier classifier;
    private List<XrayImage> images;
    private XrayPreprocessor preprocessor;
    private float[] preprocessed;

    /** Loads the model twice: bare for {@code forward}, as a classifier for {@code endToEnd}. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelBundle bundle = InteropFixtures.bundle(model, PreprocessingSpec.imagenet(InteropFixtures.SIZE));
        // Each trial runs in a fresh fork, so PyTorch starts with this count (ONNX Runtime takes it per model).
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        rawModel = loadRaw(bundle, threads);
        rawPredictor = rawModel.newPredictor(new RawTranslator(batch));
        input = InteropFixtures.inputBatch(batch);
        classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle.directory()).optPoolSize(1)
                .optMaxBatchSize(batch).optIntraOpThreads(threads).build());
        images = InteropFixtures.xrays(batch);
        preprocessor = new XrayPreprocessor(bundle.card().preprocessing());
        preprocessed = new float[input.length];
    }

    static Model loadRaw(ModelBundle bundle, int threads) throws IOException, MalformedModelException {
        Model m = Model.newInstance(bundle.card().name(), bundle.card().format().defaultEngine());
        m.load(bundle.directory(), bundle.card().weights(), Map.of("intraOpNumThreads", Integer.toString(threads)));
        return m;
    }

    /** Frees native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        rawPredictor.close();
        rawModel.close();
        classifier.close();
    }

    /**
     * @return the logits of the preprocessed batch, bare DJL
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public float[] forward() throws TranslateException {
        return rawPredictor.predict(input);
    }

    /**
     * @return the logits of the preprocessed batch through the classifier's pool
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public float[][] classifierForward() throws TranslateException {
        return ((ClassifierDiagnostics) classifier).forwardRaw(input, batch);
    }

    /** @return the preprocessed batch */
    @Benchmark
    public float[] preprocess() {
        return preprocessor.toBatch(images, preprocessed);
    }

    /**
     * @param bh consumes the predictions
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public void endToEnd(Blackhole bh) throws TranslateException {
        for (Prediction p : classifier.classify(images)) {
            bh.consume(p);
        }
    }

    /** The least a DJL caller must do: wrap the floats, run, read the first output back. */
    static final class RawTranslator implements NoBatchifyTranslator<float[], float[]> {
        private final Shape shape;

        RawTranslator(int batch) {
            this.shape = new Shape(batch, 3, InteropFixtures.SIZE, InteropFixtures.SIZE);
        }

        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            return new NDList(ctx.getNDManager().create(FloatBuffer.wrap(input), shape));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(0).toFloatArray();
        }
    }
}
