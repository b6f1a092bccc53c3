package io.github.covidxray.histogram.compare;

import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.dataset.ClassSummary;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Compares two {@link ClassSummary classes}: KS tests, histogram distances and effect sizes (see
 * {@link ClassComparison} for what each means). Stateless and thread-safe.
 */
public final class ClassComparator {

    /** Below this product of sample sizes the exact KS distribution is used, as commons-math does. */
    private static final long EXACT_LIMIT = 10_000;

    /** Seed for commons-math's tie-breaking jitter, so that results are reproducible. */
    private static final int SEED = 20_200_311;

    private ClassComparator() {}

    /**
     * Compares two classes.
     *
     * @param a the first class
     * @param b the second class, with the same number of bins
     * @return the comparison
     * @throws IllegalArgumentException if the bin counts differ or a class has fewer than 2 images
     */
    public static ClassComparison compare(ClassSummary a, ClassSummary b) {
        if (a.bins() != b.bins()) {
            throw new IllegalArgumentException("classes have different bin counts: " + a.bins() + " vs " + b.bins());
        }
        if (a.imageCount() < 2 || b.imageCount() < 2) {
            throw new IllegalArgumentException("comparing classes needs at least 2 images each; '" + a.label()
                    + "' has " + a.imageCount() + ", '" + b.label() + "' has " + b.imageCount());
        }
        double[] pooledA = HistogramDistances.toDoubles(a.pooledCounts());
        double[] pooledB = HistogramDistances.toDoubles(b.pooledCounts());
        double d = HistogramDistances.kolmogorovSmirnov(pooledA, pooledB);
        KsResult pooled = new KsResult(d, ksPValue(d, a.imageCount(), b.imageCount()), a.imageCount(), b.imageCount());

        double[] meansA = a.values(Statistic.MEAN);
        double[] meansB = b.values(Statistic.MEAN);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(new Well19937c(SEED));
        KsResult means = new KsResult(ks.kolmogorovSmirnovStatistic(meansA, meansB),
                ks.kolmogorovSmirnovTest(meansA, meansB), meansA.length, meansB.length);

        double[] ma = a.meanHistogram();
        double[] mb = b.meanHistogram();
        Map<Statistic, Double> effects = new EnumMap<>(Statistic.class);
        for (Statistic s : Statistic.values()) {
            effects.put(s, EffectSize.cohensD(a.values(s), b.values(s)));
        }
        return new ClassComparison(a.label(), b.label(), pooled, means,
                HistogramDistances.chiSquare(ma, mb), HistogramDistances.bhattacharyya(ma, mb),
                HistogramDistances.jensenShannon(ma, mb), HistogramDistances.earthMovers(ma, mb), effects);
    }

    /**
     * The two-sample KS p-value {@code P(D >= d)} for sample sizes {@code n} and {@code m}: exact for small
     * samples, the asymptotic Kolmogorov distribution otherwise (commons-math).
     *
     * @param d the observed distance
     * @param n first sample size
     * @param m second sample size
     * @return the p-value in {@code [0, 1]}
     */
    public static double ksPValue(double d, int n, int m) {
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(new Well19937c(SEED));
        double p = (long) n * m < EXACT_LIMIT ? ks.exactP(d, n, m, false) : ks.approximateP(d, n, m);
        return Math.max(0, Math.min(1, p));
    }
}
