package io.github.covidxray.core;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Precomputed one-axis resampling weights (PIL's convolution scheme): for each output index, the first
 * input index and the normalised filter weights of the inputs it reads. Immutable; cached per geometry,
 * because a server resamples the same sizes millions of times.
 */
final class ResampleKernel {

    private static final ConcurrentHashMap<Key, ResampleKernel> CACHE = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 256;

    /** First input index read by each output index. */
    final int[] start;
    /** Number of inputs read by each output index. */
    final int[] count;
    /** Weights, {@code taps} per output index (zero-padded). */
    final float[] weights;
    final int taps;
    /** Smallest and one-past-largest input index read by any output. */
    final int minInput;
    final int maxInput;

    private record Key(int inSize, double regionStart, double regionLength, int outSize, PreprocessingSpec.Resampling filter) {}

    private ResampleKernel(int[] start, int[] count, float[] weights, int taps) {
        this.start = start;
        this.count = count;
        this.weights = weights;
        this.taps = taps;
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int i = 0; i < start.length; i++) {
            lo = Math.min(lo, start[i]);
            hi = Math.max(hi, start[i] + count[i]);
        }
        this.minInput = lo;
        this.maxInput = hi;
    }

    /**
     * Weights that map the input interval {@code [regionStart, regionStart + regionLength)} of an axis of
     * {@code inSize} pixels onto {@code outSize} outputs.
     */
    static ResampleKernel of(int inSize, double regionStart, double regionLength, int outSize,
            PreprocessingSpec.Resampling filter) {
        Key key = new Key(inSize, regionStart, regionLength, outSize, filter);
        ResampleKernel k = CACHE.get(key);
        if (k == null) {
            k = compute(key);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(key, k);
            }
        }
        return k;
    }

    private static ResampleKernel compute(Key key) {
        double scale = key.regionLength / key.outSize;
        double filterScale = Math.max(scale, 1.0);
        double radius = key.filter == PreprocessingSpec.Resampling.AREA ? 0.5 : 1.0;
        double support = radius * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[key.outSize];
        int[] count = new int[key.outSize];
        float[] weights = new float[key.outSize * taps];
        double[] w = new double[taps];
        for (int i = 0; i < key.outSize; i++) {
            double center = key.regionStart + (i + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
            int hi = Math.min(key.inSize, (int) Math.floor(center + support + 0.5));
            hi = Math.min(hi, lo + taps);
            if (hi <= lo) { // only reachable when the region lies outside the image: read the nearest edge pixel
                lo = Math.max(0, Math.min(key.inSize - 1, (int) Math.floor(center)));
                hi = lo + 1;
            }
            double sum = 0;
            Arrays.fill(w, 0);
            for (int j = lo; j < hi; j++) {
                double x = (j + 0.5 - center) / filterScale;
                double f = filter(key.filter, x);
                w[j - lo] = f;
                sum += f;
            }
            if (sum == 0) { // degenerate geometry: fall back to the nearest pixel
                w[0] = 1;
                hi = lo + 1;
                sum = 1;
            }
            start[i] = lo;
            count[i] = hi - lo;
            for (int j = 0; j < hi - lo; j++) {
                weights[i * taps + j] = (float) (w[j] / sum);
            }
        }
        return new ResampleKernel(start, count, weights, taps);
    }

    private static double filter(PreprocessingSpec.Resampling filter, double x) {
        if (filter == PreprocessingSpec.Resampling.AREA) {
            return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
        }
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }
}
