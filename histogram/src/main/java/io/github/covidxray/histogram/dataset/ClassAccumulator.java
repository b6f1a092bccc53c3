package io.github.covidxray.histogram.dataset;

import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Running sums for one class: memory is fixed in the number of images except for one double per image
 * and statistic. Fed in dataset order by one thread; not thread-safe.
 */
final class ClassAccumulator {

    private final String label;
    private final int bins;
    private final double[] sum;
    private final double[] sumSquares;
    private final long[] pooled;
    private final int[] scratch;
    private final EnumMap<Statistic, double[]> values = new EnumMap<>(Statistic.class);
    private int images;

    ClassAccumulator(String label, int bins) {
        this.label = label;
        this.bins = bins;
        this.sum = new double[bins];
        this.sumSquares = new double[bins];
        this.pooled = new long[bins];
        this.scratch = new int[bins];
        for (Statistic s : Statistic.values()) {
            values.put(s, new double[64]);
        }
    }

    void add(ImageHistogram h) {
        Arrays.fill(scratch, 0);
        int from = h.bins();
        for (int b = 0; b < from; b++) {
            scratch[(int) ((long) b * bins / from)] += h.count(b);
        }
        double inv = 1.0 / h.total();
        for (int b = 0; b < bins; b++) {
            double p = scratch[b] * inv;
            sum[b] += p;
            sumSquares[b] += p * p;
            pooled[b] += scratch[b];
        }
        for (Map.Entry<Statistic, double[]> e : values.entrySet()) {
            double[] column = e.getValue();
            if (images == column.length) {
                column = Arrays.copyOf(column, column.length * 2);
                e.setValue(column);
            }
            column[images] = e.getKey().ofUnitScale(h.stats(), h.maxValue());
        }
        images++;
    }

    int images() {
        return images;
    }

    ClassSummary summary() {
        double[] mean = new double[bins];
        double[] sd = new double[bins];
        for (int b = 0; b < bins; b++) {
            mean[b] = sum[b] / images;
            sd[b] = Math.sqrt(Math.max(0, sumSquares[b] / images - mean[b] * mean[b]));
        }
        EnumMap<Statistic, double[]> trimmed = new EnumMap<>(Statistic.class);
        values.forEach((k, v) -> trimmed.put(k, Arrays.copyOf(v, images)));
        return new ClassSummary(label, images, mean, sd, pooled, trimmed);
    }
}
