package io.github.covidxray.benchmarks;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.ClassifierDiagnostics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the classifier adds to the bare engine, measured paired: each round runs the bare DJL predictor, the
 * classifier's forward pass on the same preprocessed input, and the classifier end to end from decoded
 * X-rays, one right after the other, so that a shared machine's changing load hits all three alike (separate
 * JMH forks minutes apart cannot promise that). Prints median milliseconds and the ratios.
 *
 * <pre>java -Dcovidxray.shared.dir=../shared -cp benchmarks/target/benchmarks.jar \
 *     io.github.covidxray.benchmarks.OverheadCheck [ROUNDS] [THREADS] [MODEL...]</pre>
 */
public final class OverheadCheck {

    private OverheadCheck() {}

    /**
     * @param args rounds (default 300), intra-op threads (default 1), models (default both MobileNetV2 fixtures)
     * @throws Exception if a model cannot be loaded or run
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<String> models = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of("mobilenet_v2-onnx", "mobilenet_v2-torchscript");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        for (String model : models) {
            for (int batch : new int[] {1, 8}) {
                run(model, batch, threads, rounds / batch + 10);
            }
        }
    }

    private static void run(String model, int batch, int threads, int rounds) throws Exception {
        ModelBundle bundle = InteropFixtures.bundle(model, PreprocessingSpec.imagenet(InteropFixtures.SIZE));
        float[] input = InteropFixtures.inputBatch(batch);
        List<XrayImage> images = InteropFixtures.xrays(batch);
        try (Model raw = InferenceBenchmark.loadRaw(bundle, threads);
                Predictor<float[], float[]> predictor = raw.newPredictor(new InferenceBenchmark.RawTranslator(batch));
                CovidClassifier classifier = CovidClassifier.load(ClassifierOptions.builder()
                        .setBundle(bundle.directory()).optPoolSize(1).optMaxBatchSize(batch)
                        .optIntraOpThreads(threads).build())) {
            ClassifierDiagnostics pooled = (ClassifierDiagnostics) classifier;
            double[][] ms = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                predictor.predict(input);
                long t1 = System.nanoTime();
                pooled.forwardRaw(input, batch);
                long t2 = System.nanoTime();
                classifier.classify(images);
                long t3 = System.nanoTime();
                ms[0][r] = (t1 - t0) / 1e6;
                ms[1][r] = (t2 - t1) / 1e6;
                ms[2][r] = (t3 - t2) / 1e6;
            }
            int skip = Math.min(10, rounds / 4); // warm-up rounds
            double bare = median(ms[0], skip);
            double pooledForward = median(ms[1], skip);
            double endToEnd = median(ms[2], skip);
            System.out.printf(Locale.ROOT, "RESULT overhead %s batch=%d threads=%d rounds=%d bare_ms=%.2f "
                    + "classifier_forward_ms=%.2f (%+.1f%%) end_to_end_ms=%.2f (%+.1f%%) end_to_end_img_s=%.1f%n",
                    model, batch, threads, rounds - skip, bare, pooledForward, 100 * (pooledForward / bare - 1),
                    endToEnd, 100 * (endToEnd / bare - 1), batch * 1000 / endToEnd);
        }
    }

    private static double median(double[] values, int skip) {
        double[] v = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
