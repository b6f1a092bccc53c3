package io.github.covidxray.histogram.dataset;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact sum of doubles, rounded once at the end (Shewchuk's non-overlapping partials, the algorithm of
 * Python's {@code math.fsum}). The result is the correctly rounded value of the exact sum, so it does not
 * depend on the order in which values were added or partial sums were merged: a dataset folded on one
 * thread and the same dataset folded in pieces on a cluster give bit-for-bit the same class histograms.
 * Not thread-safe.
 */
final class ExactSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Non-overlapping partial sums in increasing magnitude; their exact sum is the running total. */
    private double[] partials = new double[4];
    private int size;

    void add(double value) {
        double x = value;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            double y = partials[i];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[kept++] = lo;
            }
            x = hi;
        }
        if (kept == partials.length) {
            partials = Arrays.copyOf(partials, partials.length * 2);
        }
        partials[kept++] = x;
        size = kept;
    }

    void addAll(ExactSum other) {
        for (int i = 0; i < other.size; i++) {
            add(other.partials[i]);
        }
    }

    /** @return the exact sum rounded to the nearest double (ties to even) */
    double value() {
        if (size == 0) {
            return 0.0;
        }
        int n = size - 1;
        double hi = partials[n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        // Half-way case: the rest of the partials decide which way the rounding of hi + lo goes.
        if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            if (y == x - hi) {
                hi = x;
            }
        }
        return hi;
    }
}
