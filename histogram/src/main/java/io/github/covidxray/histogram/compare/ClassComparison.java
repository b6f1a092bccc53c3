package io.github.covidxray.histogram.compare;

import io.github.covidxray.histogram.Statistic;
import java.util.EnumMap;
import java.util.Map;

/**
 * How two classes of a dataset differ in intensity. An immutable value.
 *
 * <p>{@code ksPooled} compares the pooled pixel intensities of the two classes (all pixels of all
 * images). Its distance is exact at the class histograms' resolution, but its p-value uses the
 * <em>number of images</em> of each class as the sample size, not the number of pixels: pixels of one
 * image are strongly correlated (neighbours, one patient, one scanner and its post-processing), so the
 * millions of pixels are nowhere near independent observations and a pixel-count p-value would be
 * vanishingly small for any real difference. Treating each image as one observation is the honest,
 * conservative choice; {@code ksMeans} is the standard test on one number per image.
 *
 * @param labelA the first class
 * @param labelB the second class
 * @param ksPooled KS of pooled intensities (p-value with effective n = images per class)
 * @param ksMeans KS of per-image mean intensities (commons-math two-sample test)
 * @param chiSquare symmetric chi-square distance between the mean histograms, in {@code [0, 1]}
 * @param bhattacharyya Bhattacharyya distance between the mean histograms
 * @param jensenShannon Jensen-Shannon divergence between the mean histograms, nats, {@code [0, ln 2]}
 * @param earthMovers earth mover's distance between the mean histograms, as a fraction of full scale
 * @param cohensD Cohen's d of each per-image statistic, positive when class A is larger
 */
public record ClassComparison(String labelA, String labelB, KsResult ksPooled, KsResult ksMeans, double chiSquare,
        double bhattacharyya, double jensenShannon, double earthMovers, Map<Statistic, Double> cohensD) {

    /** Copies the map. */
    public ClassComparison {
        cohensD = java.util.Collections.unmodifiableMap(new EnumMap<>(cohensD));
    }

    /** @return the statistic whose effect size is largest in absolute value */
    public Statistic largestEffect() {
        Statistic best = null;
        double bestSize = -1;
        for (Map.Entry<Statistic, Double> e : cohensD.entrySet()) {
            double size = Math.abs(e.getValue());
            if (size > bestSize) { // NaN never wins
                best = e.getKey();
                bestSize = size;
            }
        }
        return best;
    }
}
