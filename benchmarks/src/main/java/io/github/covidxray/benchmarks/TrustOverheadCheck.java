package io.github.covidxray.benchmarks;

import io.github.covidxray.core.ExplanationMethod;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the trust outputs add, measured paired: each round classifies the same decoded X-rays with the plain
 * graph, with the trust graph (features, maps, OOD gate, temperature) and explains them with CAM, one right
 * after the other, so a shared machine's changing load hits all three alike. Bundles as in
 * {@link TrustBenchmark}. Prints medians and ratios.
 *
 * <pre>java -Dcovidxray.shared.dir=../shared -cp benchmarks/target/benchmarks.jar:PYTORCH_NATIVE_JAR \
 *     io.github.covidxray.benchmarks.TrustOverheadCheck [ROUNDS] [THREADS]</pre>
 */
public final class TrustOverheadCheck {

    private TrustOverheadCheck() {}

    /**
     * @param args rounds (default 300), intra-op threads (default 2)
     * @throws Exception if a model cannot be built or run
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        for (int batch : new int[] {1, 8}) {
            TrustBenchmark b = new TrustBenchmark();
            b.batch = batch;
            b.threads = threads;
            b.setUp();
            try {
                int n = rounds / batch + 10;
                double[][] ms = new double[3][n];
                for (int r = 0; r < n; r++) {
                    long t0 = System.nanoTime();
                    b.plain().classify(b.images());
                    long t1 = System.nanoTime();
                    b.trust().classify(b.images());
                    long t2 = System.nanoTime();
                    b.trust().explain(b.images(), ExplanationMethod.CAM);
                    long t3 = System.nanoTime();
                    ms[0][r] = (t1 - t0) / 1e6;
                    ms[1][r] = (t2 - t1) / 1e6;
                    ms[2][r] = (t3 - t2) / 1e6;
                }
                double plain = median(ms[0]);
                double trust = median(ms[1]);
                double cam = median(ms[2]);
                System.out.printf(Locale.ROOT, "RESULT trust batch=%d threads=%d rounds=%d plain_ms=%.2f "
                        + "trust_ms=%.2f (%+.1f%%) explain_cam_ms=%.2f (%+.1f%%)%n", batch, threads, n - 10, plain,
                        trust, 100 * (trust / plain - 1), cam, 100 * (cam / plain - 1));
            } finally {
                b.tearDown();
            }
        }
    }

    /** Median after the first 10 (warm-up) rounds. */
    private static double median(double[] values) {
        double[] v = Arrays.copyOfRange(values, 10, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
