package io.github.covidxray.histogram.compare;

/**
 * A two-sample Kolmogorov-Smirnov result.
 *
 * @param distance the KS statistic, the largest gap between the two empirical CDFs, in {@code [0, 1]}
 * @param pValue the probability of a distance at least this large if both samples came from one
 *     distribution, given the sample sizes below
 * @param nA the sample size used for the first class
 * @param nB the sample size used for the second class
 */
public record KsResult(double distance, double pValue, long nA, long nB) {}
