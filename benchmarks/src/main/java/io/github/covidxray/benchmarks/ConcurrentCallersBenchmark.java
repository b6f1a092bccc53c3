package io.github.covidxray.benchmarks;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
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
 * Does the predictor pool scale? Images per second (all threads together, batch 1) through one shared
 * {@link CovidClassifier} with a pool of 2 predictors, each engine limited to 1 intra-op thread, for 1 and 2
 * concurrent callers. With 2 cores, 2 callers should approach twice the images per second of 1.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ConcurrentCallersBenchmark {

    /** The classifier every thread shares, as in a server. */
    @State(Scope.Benchmark)
    public static class Shared {
        /** Fixture and format. */
        @Param({"mobilenet_v2-onnx", "mobilenet_v2-torchscript"})
        public String model;

        CovidClassifier classifier;

        /** Opens the classifier. */
        @Setup(Level.Trial)
        public void open() throws Exception {
            ModelBundle bundle = InteropFixtures.bundle(model, PreprocessingSpec.imagenet(InteropFixtures.SIZE));
            classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle.directory()).optPoolSize(2)
                    .optIntraOpThreads(1).optInterOpThreads(1).build());
        }

        /** Frees native memory. */
        @TearDown(Level.Trial)
        public void close() {
            classifier.close();
        }
    }

    /** Each caller's own image. */
    @State(Scope.Thread)
    public static class Caller {
        XrayImage image;

        /** Decodes one chest X-ray per thread. */
        @Setup(Level.Trial)
        public void read() {
            image = InteropFixtures.xrays(1).get(0);
        }
    }

    /**
     * @param shared the classifier
     * @param caller the image
     * @param bh consumes the prediction
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    @Threads(1)
    public void oneCaller(Shared shared, Caller caller, Blackhole bh) throws TranslateException {
        bh.consume(shared.classifier.classify(caller.image));
    }

    /**
     * @param shared the classifier
     * @param caller the image
     * @param bh consumes the prediction
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    @Threads(2)
    public void twoCallers(Shared shared, Caller caller, Blackhole bh) throws TranslateException {
        bh.consume(shared.classifier.classify(caller.image));
    }
}
