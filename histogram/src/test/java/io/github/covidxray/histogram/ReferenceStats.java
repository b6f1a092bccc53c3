package io.github.covidxray.histogram;

import java.util.Arrays;

/** Straightforward reference computations over a list of pixel values, to check the fast path against. */
final class ReferenceStats {

    final double mean;
    final double std;
    final double skewness;
    final double kurtosis;
    final int min;
    final int max;
    final int[] sorted;

    ReferenceStats(int[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
        min = sorted[0];
        max = sorted[sorted.length - 1];
        double s = 0;
        for (int v : values) {
            s += v;
        }
        mean = s / values.length;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (int v : values) {
            double d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        m2 /= values.length;
        m3 /= values.length;
        m4 /= values.length;
        std = Math.sqrt(m2);
        skewness = m3 / Math.pow(m2, 1.5);
        kurtosis = m4 / (m2 * m2) - 3;
    }

    /** Nearest rank: {@code sorted[ceil(p/100 * n) - 1]}. */
    int percentile(int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
