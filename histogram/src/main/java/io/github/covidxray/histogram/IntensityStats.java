package io.github.covidxray.histogram;

/**
 * Summary statistics of the intensities of one image (or of the pixels of one image inside a
 * {@link Region}). Moments and percentiles are exact: they are computed from a histogram with one bin per
 * possible pixel value. An immutable value, safe to share between threads.
 *
 * <p>Percentiles follow the nearest-rank definition: {@code pK} is the smallest intensity {@code v} such
 * that at least {@code K%} of the pixels are {@code <= v} (numpy's {@code searchsorted} of the cumulative
 * histogram, or {@code sorted[ceil(K/100 * n) - 1]}). Skewness and kurtosis are the population (biased)
 * moments, kurtosis as excess kurtosis (0 for a normal distribution); both are defined as 0 for an image
 * whose pixels are all equal, where they are otherwise undefined.
 *
 * @param pixelCount the number of pixels counted
 * @param mean mean intensity
 * @param std standard deviation (population, divisor n)
 * @param skewness third standardised central moment
 * @param kurtosis fourth standardised central moment minus 3
 * @param entropyBits Shannon entropy of the binned histogram ({@link ImageHistogram#bins()} bins), in bits
 * @param min smallest intensity
 * @param max largest intensity
 * @param p1 1st percentile
 * @param p5 5th percentile
 * @param p25 25th percentile
 * @param p50 median
 * @param p75 75th percentile
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param saturatedLow fraction of pixels equal to 0
 * @param saturatedHigh fraction of pixels equal to the largest representable value, {@code 2^bits - 1}
 */
public record IntensityStats(
        long pixelCount,
        double mean,
        double std,
        double skewness,
        double kurtosis,
        double entropyBits,
        int min,
        int max,
        int p1,
        int p5,
        int p25,
        int p50,
        int p75,
        int p95,
        int p99,
        double saturatedLow,
        double saturatedHigh) {

    /** The percentiles reported, in percent, in the order of the record components. */
    public static final int[] PERCENTILES = {1, 5, 25, 50, 75, 95, 99};

    /**
     * Reads a statistic by its enum constant.
     *
     * @param statistic which one
     * @return its value
     */
    public double get(Statistic statistic) {
        return statistic.of(this);
    }
}
