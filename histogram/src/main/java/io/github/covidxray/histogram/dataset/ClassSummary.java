package io.github.covidxray.histogram.dataset;

import io.github.covidxray.histogram.Statistic;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a dataset analysis learnt about one class: its mean normalised histogram with the per-bin standard
 * deviation across images (the spread band), the pooled pixel counts of all its images, and every
 * per-image statistic on the unit scale (see {@link Statistic#ofUnitScale}). Histograms have
 * {@link #bins()} equal-width bins over the unit intensity range {@code [0, 1]}.
 *
 * <p>An immutable value (arrays are copied in and out), safe to share between threads.
 *
 * @param label the class label
 * @param imageCount the number of images analysed
 * @param meanHistogram the mean over images of each image's normalised histogram (sums to 1)
 * @param sdHistogram the standard deviation over images of each bin (population, divisor n)
 * @param pooledCounts the pixel counts of all images added together
 * @param values each statistic's per-image values on the unit scale, in dataset order
 */
public record ClassSummary(String label, int imageCount, double[] meanHistogram, double[] sdHistogram,
        long[] pooledCounts, Map<Statistic, double[]> values) {

    /** Validates and copies. */
    public ClassSummary {
        if (meanHistogram.length != sdHistogram.length || meanHistogram.length != pooledCounts.length) {
            throw new IllegalArgumentException("histogram lengths differ");
        }
        meanHistogram = meanHistogram.clone();
        sdHistogram = sdHistogram.clone();
        pooledCounts = pooledCounts.clone();
        EnumMap<Statistic, double[]> copy = new EnumMap<>(Statistic.class);
        values.forEach((k, v) -> copy.put(k, v.clone()));
        values = copy;
    }

    /** @return the number of histogram bins */
    public int bins() {
        return meanHistogram.length;
    }

    /** @return a copy of the mean normalised histogram */
    @Override
    public double[] meanHistogram() {
        return meanHistogram.clone();
    }

    /** @return a copy of the per-bin standard deviation */
    @Override
    public double[] sdHistogram() {
        return sdHistogram.clone();
    }

    /** @return a copy of the pooled counts */
    @Override
    public long[] pooledCounts() {
        return pooledCounts.clone();
    }

    /** @return a copy of all per-image statistic values */
    @Override
    public Map<Statistic, double[]> values() {
        EnumMap<Statistic, double[]> copy = new EnumMap<>(Statistic.class);
        values.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * @param statistic which statistic
     * @return its per-image values on the unit scale, one per image, in dataset order (a copy)
     */
    public double[] values(Statistic statistic) {
        return values.get(statistic).clone();
    }

    /**
     * @param statistic which statistic
     * @return its five-number summary, mean and sd over the class
     */
    public StatSummary summary(Statistic statistic) {
        return StatSummary.of(values.get(statistic));
    }

    /** @return the total number of pixels counted in the class */
    public long pixelCount() {
        long n = 0;
        for (long c : pooledCounts) {
            n += c;
        }
        return n;
    }

    /** @return the pooled pixel distribution, normalised to sum to 1 */
    public double[] pooledHistogram() {
        double[] p = new double[pooledCounts.length];
        double inv = 1.0 / pixelCount();
        for (int i = 0; i < p.length; i++) {
            p[i] = pooledCounts[i] * inv;
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassSummary c) || !c.label.equals(label) || c.imageCount != imageCount
                || !Arrays.equals(c.meanHistogram, meanHistogram) || !Arrays.equals(c.sdHistogram, sdHistogram)
                || !Arrays.equals(c.pooledCounts, pooledCounts)) {
            return false;
        }
        for (Statistic s : Statistic.values()) {
            if (!Arrays.equals(values.get(s), c.values.get(s))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return label.hashCode() * 31 + Arrays.hashCode(meanHistogram);
    }

    @Override
    public String toString() {
        return "ClassSummary[" + label + ", " + imageCount + " images, " + bins() + " bins]";
    }
}
