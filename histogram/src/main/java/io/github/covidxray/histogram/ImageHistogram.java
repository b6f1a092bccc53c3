package io.github.covidxray.histogram;

import java.util.Arrays;

/**
 * The intensity histogram of one image with its {@link IntensityStats}. Bins are equal-width over the
 * image's whole representable range {@code [0, maxValue]}: an intensity {@code v} falls into bin
 * {@code floor(v * bins / (maxValue + 1))}. 8-bit images always have 256 bins, one per value.
 *
 * <p>An immutable value (the counts are copied in and out), safe to share between threads.
 *
 * @param source where the image came from, as given by {@code XrayImage.source()}
 * @param width image width in pixels
 * @param height image height in pixels
 * @param bitsStored significant bits per pixel of the image
 * @param counts the pixel count of each bin; their sum is {@code stats.pixelCount()}
 * @param stats the summary statistics, computed at full resolution (not from the bins)
 */
public record ImageHistogram(String source, int width, int height, int bitsStored, int[] counts, IntensityStats stats) {

    /** Validates and copies. */
    public ImageHistogram {
        if (bitsStored < 1 || bitsStored > 16) {
            throw new IllegalArgumentException("bitsStored must be 1..16, got " + bitsStored);
        }
        if (counts.length < 1 || counts.length > (1 << bitsStored)) {
            throw new IllegalArgumentException("expected 1.." + (1 << bitsStored) + " bins for " + bitsStored
                    + "-bit data, found " + counts.length);
        }
        counts = counts.clone();
    }

    /** @return a copy of the bin counts */
    @Override
    public int[] counts() {
        return counts.clone();
    }

    /**
     * @param bin a bin index, {@code 0 <= bin < bins()}
     * @return the number of pixels in that bin
     */
    public int count(int bin) {
        return counts[bin];
    }

    /** @return the number of bins */
    public int bins() {
        return counts.length;
    }

    /** @return the largest representable value, {@code 2^bitsStored - 1} */
    public int maxValue() {
        return (1 << bitsStored) - 1;
    }

    /** @return the number of intensity values each bin covers, {@code (maxValue + 1) / bins} */
    public double binWidth() {
        return (maxValue() + 1.0) / counts.length;
    }

    /** @return the counted pixels, the sum of the counts */
    public long total() {
        return stats.pixelCount();
    }

    /**
     * The histogram normalised to sum to 1 (a probability mass function over the bins).
     *
     * @return a new array of {@link #bins()} fractions
     */
    public double[] normalized() {
        double[] p = new double[counts.length];
        double inv = 1.0 / stats.pixelCount();
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] * inv;
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageHistogram h && h.source.equals(source) && h.width == width && h.height == height
                && h.bitsStored == bitsStored && Arrays.equals(h.counts, counts) && h.stats.equals(stats);
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ImageHistogram[" + source + ", " + width + "x" + height + ", " + bitsStored + "-bit, " + counts.length
                + " bins, " + stats + "]";
    }
}
