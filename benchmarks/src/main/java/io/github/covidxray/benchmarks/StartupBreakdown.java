package io.github.covidxray.benchmarks;

import ai.djl.engine.Engine;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the time from {@code java} to the first answer goes, in one cold process, step by step (each step
 * includes the class loading and interpreted code it brings): JVM start to {@code main}, the first image
 * decode, DJL engine discovery and ONNX Runtime's native library, unpacking and checking the default model's
 * bundle, opening it (the ONNX Runtime session with graph optimisation, and a warm-up pass), the first
 * classification, then a second one for
 * comparison. Run it several times; with and without the launcher's class-data-sharing archive and
 * {@code -Dai.djl.onnx.disable_alternative=true} to see what they save.
 *
 * <pre>java -Dai.djl.offline=true -Dai.djl.onnx.disable_alternative=true -cp benchmarks.jar \
 *     io.github.covidxray.benchmarks.StartupBreakdown samples/covid-pa-1.jpg</pre>
 */
public final class StartupBreakdown {

    private StartupBreakdown() {}

    /**
     * @param args one image file
     * @throws Exception if the model or the image cannot be read
     */
    public static void main(String[] args) throws Exception {
        long toMain = ManagementFactory.getRuntimeMXBean().getUptime();
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        XrayImage image = XrayImage.read(file);
        long t1 = System.nanoTime();
        Engine.getEngine("OnnxRuntime");
        long t2 = System.nanoTime();
        // Finding the bundle as loadDefault does (the user cache's copy after the first run: model.json parsed,
        // the files' sizes and times checked), so the load below is mostly the session.
        ModelBundle.sharedFromClasspath(CovidClassifier.DEFAULT_MODEL_RESOURCE, StartupBreakdown.class.getClassLoader());
        long unpacked = System.nanoTime();
        try (CovidClassifier classifier = CovidClassifier.loadDefault(ClassifierOptions.builder()
                .setBundle(Path.of("unused")).optPoolSize(1))) {
            long t3 = System.nanoTime();
            Prediction first = classifier.classify(file);
            long t4 = System.nanoTime();
            classifier.classify(file);
            long t5 = System.nanoTime();
            System.out.printf(Locale.ROOT, "JVM start to main %d ms | first decode (%dx%d) %.0f ms | DJL + ONNX Runtime "
                    + "engine %.0f ms | find bundle %.0f ms | open model (ONNX Runtime session, warm-up pass) %.0f ms | "
                    + "first classify %.0f ms | "
                    + "second classify %.1f ms | total %.0f ms | %s%n", toMain, image.width(), image.height(),
                    ms(t0, t1), ms(t1, t2), ms(t2, unpacked), ms(unpacked, t3), ms(t3, t4), ms(t4, t5),
                    ManagementFactory.getRuntimeMXBean().getUptime() * 1.0, first.label());
        }
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
