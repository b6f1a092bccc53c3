package io.github.covidxray.benchmarks;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How close the pipelined batch path gets to the engine's own limit, on the bundled default model
 * (MobileNetV2, 1x128x128, ONNX Runtime), in images per second:
 *
 * <ul>
 *   <li>{@code bareForward}: the engine alone on already preprocessed input, {@code batch} images per pass;
 *   <li>{@code pipelinedFromFiles}: {@link CovidClassifier#classifyAll} over {@value #FILES} PNG files on disk:
 *       reading, decoding, preprocessing, the forward passes and softmax, with decoding on the pipeline's
 *       own threads.
 * </ul>
 *
 * <p>{@code threads} is the engine's intra-op thread count; the pipeline decodes on the cores that leave
 * (at least one). The files are the shared validation X-rays ({@code covidxray.shared.dir}, 256x256 8-bit
 * PNGs) when present, otherwise generated chest-like PNGs of the same size.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class PipelineBenchmark {

    /** Images per benchmark invocation (each operation is one image). */
    static final int FILES = 64;

    /** The classifier, the files and a preprocessed batch; one per benchmark thread. */
    @State(Scope.Thread)
    public static class Setting {
        /** Images per forward pass. */
        @Param({"1", "8"})
        public int batch;

        /** Intra-op threads of the engine. */
        @Param({"1", "2"})
        public int threads;

        CovidClassifier classifier;
        List<ImageSource> files;
        float[] input;
        Path dir;

        /** Opens the default model and prepares the inputs. */
        @Setup(Level.Trial)
        public void open() throws Exception {
            classifier = CovidClassifier.loadDefault(ClassifierOptions.builder().setBundle(Path.of("unused"))
                    .optPoolSize(1).optIntraOpThreads(threads).optInterOpThreads(1).optMaxBatchSize(batch));
            dir = Files.createTempDirectory("covidxray-pipeline-bench");
            List<Path> written = BenchFiles.pngs(dir, FILES);
            files = written.stream().map(ImageSource::of).toList();
            XrayPreprocessor preprocessor = new XrayPreprocessor(classifier.card().preprocessing());
            List<XrayImage> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(XrayImage.read(written.get(i), classifier.readOptions()));
            }
            input = preprocessor.toBatch(images, null);
        }

        /** Frees native memory and the files. */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            classifier.close();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * @param s the setting
     * @param bh consumes the outputs
     * @throws TranslateException if the engine fails
     */
    @Benchmark
    @OperationsPerInvocation(FILES)
    public void bareForward(Setting s, Blackhole bh) throws TranslateException {
        ClassifierDiagnostics engine = (ClassifierDiagnostics) s.classifier;
        for (int done = 0; done < FILES; done += s.batch) {
            bh.consume(engine.forwardRaw(s.input, s.batch));
        }
    }

    /**
     * @param s the setting
     * @param bh consumes the outcomes
     */
    @Benchmark
    @OperationsPerInvocation(FILES)
    public void pipelinedFromFiles(Setting s, Blackhole bh) {
        List<ClassificationOutcome> outcomes = s.classifier.classifyAll(s.files);
        if (!outcomes.get(FILES - 1).ok()) {
            throw new IllegalStateException(outcomes.get(FILES - 1).error());
        }
        bh.consume(outcomes);
    }
}
