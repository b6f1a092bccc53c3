package io.github.covidxray.benchmarks;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.ClassifierDiagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Shows whether native memory grows with the number of calls: classifies chest X-rays many times through one
 * {@link CovidClassifier} and prints the process's resident set size and the open NDArrays of the model's
 * manager every so often. Flat numbers after warm-up mean nothing leaks. Every 50th call is a batch of 8.
 * The TorchScript MobileNetV2 runs at 64x64 (it pools globally) so that 10,000 calls take seconds, not
 * minutes; the ONNX export has its 224x224 input size fixed.
 *
 * <p>Run it with a fixed, pre-touched Java heap, so that heap growth does not show up as resident memory:
 * <pre>java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dcovidxray.shared.dir=../shared \
 *     -cp benchmarks/target/benchmarks.jar io.github.covidxray.benchmarks.NativeMemoryCheck [CALLS] [MODEL...]</pre>
 */
public final class NativeMemoryCheck {

    private NativeMemoryCheck() {}

    /**
     * @param args calls (default 10000), then models (default {@code mobilenet_v2-onnx mobilenet_v2-torchscript})
     * @throws Exception if a model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> models = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("mobilenet_v2-onnx", "mobilenet_v2-torchscript");
        List<XrayImage> images = InteropFixtures.xrays(8);
        for (String model : models) {
            int size = model.endsWith("-onnx") ? InteropFixtures.SIZE : 64;
            ModelBundle bundle = InteropFixtures.bundle(model, PreprocessingSpec.imagenet(size));
            try (CovidClassifier c = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle.directory())
                    .optPoolSize(2).build())) {
                ClassifierDiagnostics pooled = (ClassifierDiagnostics) c;
                long start = System.nanoTime();
                for (int i = 0; i <= calls; i++) {
                    if (i % (calls / 10) == 0) {
                        System.out.printf(Locale.ROOT, "%s %dx%d calls=%d rss_mb=%.1f heap_used_mb=%.1f open_ndarrays=%d elapsed_s=%.1f%n",
                                model, size, size, i, rssMegabytes(), heapUsedMegabytes(), pooled.openNDArrays(),
                                (System.nanoTime() - start) / 1e9);
                    }
                    if (i % 50 == 49) {
                        c.classify(images);
                    } else {
                        c.classify(images.get(i % 8));
                    }
                }
            }
        }
    }

    private static double heapUsedMegabytes() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    /** Resident set size from {@code /proc/self/status} (Linux), or NaN elsewhere. */
    static double rssMegabytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
