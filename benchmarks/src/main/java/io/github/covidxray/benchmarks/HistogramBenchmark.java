package io.github.covidxray.benchmarks;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.ImageHistogram;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Histogram + full statistics of one 1024x1024 image, single thread: the same work as the numpy peer
 * {@code shared/tools/peers/histogram_bench.py} (uniform random pixels, 256 bins for 8-bit, one bin per
 * value for 16-bit, then mean/std/skewness/kurtosis/entropy/percentiles).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HistogramBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HistogramBenchmark {

    private static final int SIDE = 1024;

    /** 8 or 16 bits per pixel. */
    @Param({"8", "16"})
    public int bits;

    private XrayImage image;
    private HistogramAnalyzer fullResolution;
    private HistogramAnalyzer bins4096;

    /** Builds the image: uniform random values over the whole range, as numpy's {@code integers}. */
    @Setup
    public void setUp() {
        Random rnd = new Random(0);
        int n = SIDE * SIDE;
        if (bits == 8) {
            byte[] px = new byte[n];
            rnd.nextBytes(px);
            image = XrayImage.ofGray8(SIDE, SIDE, px, "bench8");
        } else {
            short[] px = new short[n];
            for (int i = 0; i < n; i++) {
                px[i] = (short) rnd.nextInt(65536);
            }
            image = XrayImage.ofGray16(SIDE, SIDE, px, "bench16");
        }
        fullResolution = HistogramAnalyzer.builder().optBins16(65536).build();
        bins4096 = HistogramAnalyzer.defaults();
    }

    /**
     * Histogram at one bin per value (as the numpy peer) plus all statistics.
     *
     * @return the histogram, so the work is not optimised away
     */
    @Benchmark
    public ImageHistogram histogramAndStats() {
        return fullResolution.analyze(image);
    }

    /**
     * The library default for 16-bit images: exact statistics, histogram reported in 4096 bins.
     *
     * @return the histogram
     */
    @Benchmark
    public ImageHistogram histogramAndStatsDefaultBins() {
        return bins4096.analyze(image);
    }
}
