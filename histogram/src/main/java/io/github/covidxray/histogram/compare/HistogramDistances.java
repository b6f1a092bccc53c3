package io.github.covidxray.histogram.compare;

/**
 * Distances between two histograms over the same bins. Every method normalises its inputs to sum to 1
 * first, so raw counts and probabilities are both accepted. Bins are taken as equally wide and spanning
 * the unit interval, so {@link #earthMovers} is in units of the full intensity range. Stateless.
 */
public final class HistogramDistances {

    private HistogramDistances() {}

    /**
     * The Kolmogorov-Smirnov distance: the largest absolute difference between the two cumulative
     * distributions. For integer-valued data binned one bin per value this is exactly the two-sample KS
     * statistic of the underlying samples.
     *
     * @param p first histogram
     * @param q second histogram, same length
     * @return a value in {@code [0, 1]}
     */
    public static double kolmogorovSmirnov(double[] p, double[] q) {
        double[][] pq = normalise(p, q);
        double cp = 0;
        double cq = 0;
        double max = 0;
        for (int i = 0; i < pq[0].length; i++) {
            cp += pq[0][i];
            cq += pq[1][i];
            max = Math.max(max, Math.abs(cp - cq));
        }
        return Math.min(max, 1.0);
    }

    /**
     * The symmetric chi-square distance {@code 1/2 * sum (p - q)^2 / (p + q)} over bins where
     * {@code p + q > 0}: 0 for equal histograms, 1 for histograms with no bin in common.
     *
     * @param p first histogram
     * @param q second histogram, same length
     * @return a value in {@code [0, 1]}
     */
    public static double chiSquare(double[] p, double[] q) {
        double[][] pq = normalise(p, q);
        double sum = 0;
        for (int i = 0; i < pq[0].length; i++) {
            double s = pq[0][i] + pq[1][i];
            if (s > 0) {
                double d = pq[0][i] - pq[1][i];
                sum += d * d / s;
            }
        }
        return 0.5 * sum;
    }

    /**
     * The Bhattacharyya distance {@code -ln(sum sqrt(p q))}: 0 for equal histograms, infinite for
     * histograms with no bin in common.
     *
     * @param p first histogram
     * @param q second histogram, same length
     * @return a value {@code >= 0}, possibly {@link Double#POSITIVE_INFINITY}
     */
    public static double bhattacharyya(double[] p, double[] q) {
        double[][] pq = normalise(p, q);
        double bc = 0;
        for (int i = 0; i < pq[0].length; i++) {
            bc += Math.sqrt(pq[0][i] * pq[1][i]);
        }
        return Math.max(0, -Math.log(Math.min(bc, 1.0)));
    }

    /**
     * The Jensen-Shannon divergence in nats: the mean Kullback-Leibler divergence of {@code p} and
     * {@code q} from their average. Symmetric, 0 for equal histograms and at most {@code ln 2}.
     *
     * @param p first histogram
     * @param q second histogram, same length
     * @return a value in {@code [0, ln 2]}
     */
    public static double jensenShannon(double[] p, double[] q) {
        double[][] pq = normalise(p, q);
        double js = 0;
        for (int i = 0; i < pq[0].length; i++) {
            double a = pq[0][i];
            double b = pq[1][i];
            double m = 0.5 * (a + b);
            if (a > 0) {
                js += 0.5 * a * Math.log(a / m);
            }
            if (b > 0) {
                js += 0.5 * b * Math.log(b / m);
            }
        }
        return Math.min(Math.max(js, 0), Math.log(2));
    }

    /**
     * The earth mover's (Wasserstein-1) distance in one dimension: the L1 distance between the cumulative
     * distributions times the bin width {@code 1 / bins}, that is, how far (as a fraction of the full
     * intensity range) intensity mass must move on average to turn one histogram into the other.
     *
     * @param p first histogram
     * @param q second histogram, same length
     * @return a value in {@code [0, 1]}
     */
    public static double earthMovers(double[] p, double[] q) {
        double[][] pq = normalise(p, q);
        double cp = 0;
        double cq = 0;
        double sum = 0;
        for (int i = 0; i < pq[0].length; i++) {
            cp += pq[0][i];
            cq += pq[1][i];
            sum += Math.abs(cp - cq);
        }
        return sum / pq[0].length;
    }

    /**
     * Converts counts to doubles.
     *
     * @param counts counts
     * @return the same values as doubles
     */
    public static double[] toDoubles(long[] counts) {
        double[] d = new double[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = counts[i];
        }
        return d;
    }

    private static double[][] normalise(double[] p, double[] q) {
        if (p.length != q.length || p.length == 0) {
            throw new IllegalArgumentException("histograms must have the same, non-zero number of bins: "
                    + p.length + " vs " + q.length);
        }
        return new double[][] {unit(p, "first"), unit(q, "second")};
    }

    private static double[] unit(double[] h, String which) {
        double sum = 0;
        for (double v : h) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(which + " histogram has an invalid bin value " + v);
            }
            sum += v;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException(which + " histogram is empty (sums to 0)");
        }
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = h[i] / sum;
        }
        return out;
    }
}
