package io.github.covidxray.benchmarks;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.explain.ExplanationOverlay;
import java.util.List;
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
 * What an explanation costs next to a plain classification, per image, with the bundled default model on ONNX
 * Runtime and decoded 256x256 validation X-rays (the shared data), one caller:
 * <ul>
 *   <li>{@code classify}: {@link CovidClassifier#classify(XrayImage)}, the baseline;</li>
 *   <li>{@code explainOcclusion}: {@link ExplanationMethod#OCCLUSION} at the default 8x8 grid (65 forward
 *       passes in batches of 16);</li>
 *   <li>{@code explainBest}: {@link CovidClassifier#explain(XrayImage)}, the class activation map when the
 *       bundle carries one, occlusion otherwise;</li>
 *   <li>{@code overlay}: rendering the overlay PNG of an explanation.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ExplainBenchmark {

    /** Intra-op threads of each forward pass. */
    @Param({"2"})
    public int threads;

    private CovidClassifier classifier;
    private List<XrayImage> images;
    private Explanation explanation;
    private int next;

    /** Loads the default model and eight validation X-rays. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = CovidClassifier.loadDefault(ClassifierOptions.builder().optPoolSize(1).optMaxBatchSize(16)
                .optIntraOpThreads(threads));
        images = InteropFixtures.xrays(8);
        explanation = classifier.explain(images.get(0), ExplanationMethod.OCCLUSION);
    }

    /** Frees native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
    }

    private XrayImage nextImage() {
        next = (next + 1) % images.size();
        return images.get(next);
    }

    /**
     * @return the prediction
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public Prediction classify() throws TranslateException {
        return classifier.classify(nextImage());
    }

    /**
     * @return the occlusion explanation
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public Explanation explainOcclusion() throws TranslateException {
        return classifier.explain(nextImage(), ExplanationMethod.OCCLUSION);
    }

    /**
     * @return the model's default explanation
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    public Explanation explainBest() throws TranslateException {
        return classifier.explain(nextImage());
    }

    /** @param blackhole sinks the PNG */
    @Benchmark
    public void overlay(Blackhole blackhole) {
        blackhole.consume(ExplanationOverlay.png(images.get(0), explanation));
    }
}
