package io.github.covidxray.histogram;

/**
 * Summary statistics from a histogram with one bin per value: exact moments (two passes over the bins,
 * never over the pixels), nearest-rank percentiles from the cumulative counts, and re-binning. Stateless.
 */
final class StatsCalculator {

    /** Natural logs of small counts: most bins of a fine (16-bit) histogram hold few pixels. */
    private static final double[] LOG_TABLE = new double[4096];

    static {
        for (int i = 1; i < LOG_TABLE.length; i++) {
            LOG_TABLE[i] = Math.log(i);
        }
    }

    private StatsCalculator() {}

    /**
     * Computes the statistics.
     *
     * @param full counts indexed by value, length {@code maxValue + 1}
     * @param binned the same data re-binned, used for the entropy
     * @param total the sum of the counts, at least 1
     * @return the statistics
     */
    static IntensityStats compute(int[] full, int[] binned, long total) {
        int min = 0;
        while (full[min] == 0) {
            min++;
        }
        int max = full.length - 1;
        while (full[max] == 0) {
            max--;
        }
        long sum = 0;
        for (int v = min; v <= max; v++) {
            sum += (long) v * full[v];
        }
        double n = total;
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (int v = min; v <= max; v++) {
            int c = full[v];
            if (c != 0) {
                double d = v - mean;
                double d2 = d * d;
                m2 += c * d2;
                m3 += c * d2 * d;
                m4 += c * d2 * d2;
            }
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double std = Math.sqrt(m2);
        // A constant image has no spread; the shape moments are undefined there and reported as 0.
        boolean flat = min == max;
        double skewness = flat ? 0 : m3 / (m2 * std);
        double kurtosis = flat ? 0 : m4 / (m2 * m2) - 3;
        int[] pct = percentiles(full, total, IntensityStats.PERCENTILES);
        return new IntensityStats(total, mean, std, skewness, kurtosis, entropyBits(binned, total), min, max,
                pct[0], pct[1], pct[2], pct[3], pct[4], pct[5], pct[6],
                full[0] / n, full[full.length - 1] / n);
    }

    /**
     * Nearest-rank percentiles: for each {@code K}, the smallest value whose cumulative count reaches
     * {@code ceil(K * total / 100)}, found in one pass over the cumulative counts.
     *
     * @param full counts indexed by value
     * @param total the sum of the counts
     * @param percents ascending percents in {@code [0, 100]}
     * @return one value per percent
     */
    static int[] percentiles(int[] full, long total, int[] percents) {
        int[] out = new int[percents.length];
        long cumulative = 0;
        int v = -1;
        for (int k = 0; k < percents.length; k++) {
            long rank = Math.max(1, (percents[k] * total + 99) / 100);
            while (cumulative < rank) {
                cumulative += full[++v];
            }
            out[k] = v;
        }
        return out;
    }

    /**
     * @param counts bin counts
     * @param total their sum
     * @return the Shannon entropy of the normalised counts, in bits
     */
    static double entropyBits(int[] counts, long total) {
        // H = log N - (1/N) sum c log c: one table lookup per bin instead of a division and a log.
        double sumCLogC = 0;
        for (int c : counts) {
            if (c > 1) {
                sumCLogC += c < LOG_TABLE.length ? c * LOG_TABLE[c] : c * Math.log(c);
            }
        }
        double h = Math.log(total) - sumCLogC / total;
        return Math.max(0, h) / Math.log(2);
    }

    /**
     * Merges a one-bin-per-value histogram into {@code bins} equal-width bins: value {@code v} goes to
     * {@code floor(v * bins / values)}.
     *
     * @param full counts indexed by value
     * @param bins the number of bins, {@code 1 <= bins <= full.length}
     * @return the re-binned counts (the input itself when no merging is needed)
     */
    static int[] rebin(int[] full, int bins) {
        if (bins == full.length) {
            return full;
        }
        int[] out = new int[bins];
        long values = full.length;
        for (int v = 0; v < full.length; v++) {
            out[(int) (v * (long) bins / values)] += full[v];
        }
        return out;
    }
}
