package io.github.covidxray.histogram;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/**
 * The hot loop: counts pixel values into a histogram with one bin per value. Pixels are bulk-copied in
 * small chunks that stay in the L1 cache; several sub-histograms break the store-to-load dependency
 * between equal neighbouring pixels (long flat runs are common in radiographs). Stateless.
 */
final class PixelCounter {

    /** Pixels copied per chunk: 8 KiB of bytes or 16 KiB of shorts, well inside L1. */
    static final int CHUNK = 8192;

    /** Above this many values, 16-bit counting uses one histogram: several would no longer fit in cache. */
    private static final int SPLIT_LIMIT_16 = 4096;

    private PixelCounter() {}

    /**
     * Counts 8-bit pixels inside the spans.
     *
     * @param pixels the pixel buffer (absolute reads, position untouched)
     * @param spans the region
     * @return 256 counts
     */
    static int[] count8(ByteBuffer pixels, Region.Spans spans) {
        int[] h0 = new int[256];
        int[] h1 = new int[256];
        int[] h2 = new int[256];
        int[] h3 = new int[256];
        byte[] chunk = new byte[CHUNK];
        for (int s = 0; s < spans.size(); s++) {
            int end = spans.end(s);
            for (int off = spans.start(s); off < end; off += CHUNK) {
                int len = Math.min(CHUNK, end - off);
                pixels.get(off, chunk, 0, len);
                int i = 0;
                for (; i + 3 < len; i += 4) {
                    h0[chunk[i] & 0xFF]++;
                    h1[chunk[i + 1] & 0xFF]++;
                    h2[chunk[i + 2] & 0xFF]++;
                    h3[chunk[i + 3] & 0xFF]++;
                }
                for (; i < len; i++) {
                    h0[chunk[i] & 0xFF]++;
                }
            }
        }
        for (int v = 0; v < 256; v++) {
            h0[v] += h1[v] + h2[v] + h3[v];
        }
        return h0;
    }

    /**
     * Counts 16-bit-storage pixels inside the spans.
     *
     * @param pixels the pixel buffer (absolute reads, position untouched)
     * @param spans the region
     * @param values the number of possible values, {@code maxValue + 1}; every pixel must be below it
     * @return {@code values} counts
     */
    static int[] count16(ShortBuffer pixels, Region.Spans spans, int values) {
        short[] chunk = new short[CHUNK];
        if (values > SPLIT_LIMIT_16) {
            int[] h = new int[values];
            for (int s = 0; s < spans.size(); s++) {
                int end = spans.end(s);
                for (int off = spans.start(s); off < end; off += CHUNK) {
                    int len = Math.min(CHUNK, end - off);
                    pixels.get(off, chunk, 0, len);
                    for (int i = 0; i < len; i++) {
                        h[chunk[i] & 0xFFFF]++;
                    }
                }
            }
            return h;
        }
        int[] h0 = new int[values];
        int[] h1 = new int[values];
        for (int s = 0; s < spans.size(); s++) {
            int end = spans.end(s);
            for (int off = spans.start(s); off < end; off += CHUNK) {
                int len = Math.min(CHUNK, end - off);
                pixels.get(off, chunk, 0, len);
                int i = 0;
                for (; i + 1 < len; i += 2) {
                    h0[chunk[i] & 0xFFFF]++;
                    h1[chunk[i + 1] & 0xFFFF]++;
                }
                if (i < len) {
                    h0[chunk[i] & 0xFFFF]++;
                }
            }
        }
        for (int v = 0; v < values; v++) {
            h0[v] += h1[v];
        }
        return h0;
    }
}
