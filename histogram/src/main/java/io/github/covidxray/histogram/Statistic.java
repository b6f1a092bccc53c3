package io.github.covidxray.histogram;

import java.util.function.ToDoubleFunction;

/**
 * The per-image statistics of {@link IntensityStats}, by name: used for table columns, box plots and
 * effect sizes. {@link #key()} is the stable column/JSON name.
 */
public enum Statistic {
    /** Mean intensity. */
    MEAN("mean", "Mean intensity", true, IntensityStats::mean),
    /** Standard deviation of intensity (population). */
    STD("std", "Standard deviation", true, IntensityStats::std),
    /** Skewness (population, third standardised moment). */
    SKEWNESS("skewness", "Skewness", false, IntensityStats::skewness),
    /** Excess kurtosis (population, fourth standardised moment minus 3). */
    KURTOSIS("kurtosis", "Excess kurtosis", false, IntensityStats::kurtosis),
    /** Shannon entropy of the binned histogram, in bits. */
    ENTROPY("entropy_bits", "Entropy (bits)", false, IntensityStats::entropyBits),
    /** Smallest intensity. */
    MIN("min", "Minimum", true, IntensityStats::min),
    /** Largest intensity. */
    MAX("max", "Maximum", true, IntensityStats::max),
    /** 1st percentile. */
    P1("p1", "1st percentile", true, IntensityStats::p1),
    /** 5th percentile. */
    P5("p5", "5th percentile", true, IntensityStats::p5),
    /** 25th percentile (first quartile). */
    P25("p25", "25th percentile", true, IntensityStats::p25),
    /** Median. */
    P50("p50", "Median", true, IntensityStats::p50),
    /** 75th percentile (third quartile). */
    P75("p75", "75th percentile", true, IntensityStats::p75),
    /** 95th percentile. */
    P95("p95", "95th percentile", true, IntensityStats::p95),
    /** 99th percentile. */
    P99("p99", "99th percentile", true, IntensityStats::p99),
    /** Fraction of pixels at 0, the bottom of the representable range. */
    SATURATED_LOW("saturated_low", "Fraction of pixels at 0", false, IntensityStats::saturatedLow),
    /** Fraction of pixels at the image's maximum representable value. */
    SATURATED_HIGH("saturated_high", "Fraction of pixels at max", false, IntensityStats::saturatedHigh);

    private final String key;
    private final String label;
    private final boolean intensityValued;
    private final ToDoubleFunction<IntensityStats> getter;

    Statistic(String key, String label, boolean intensityValued, ToDoubleFunction<IntensityStats> getter) {
        this.key = key;
        this.label = label;
        this.intensityValued = intensityValued;
        this.getter = getter;
    }

    /** @return the stable name used in CSV columns and JSON keys, for example {@code "p50"} */
    public String key() {
        return key;
    }

    /** @return a short human-readable name, for chart titles, for example {@code "Median"} */
    public String label() {
        return label;
    }

    /**
     * @return whether the statistic is measured in intensity units (and so scales with the bit depth), as
     *     opposed to scale-free ones like skewness or a fraction of pixels
     */
    public boolean intensityValued() {
        return intensityValued;
    }

    /**
     * Reads this statistic.
     *
     * @param stats the statistics of one image
     * @return the value, in the units of {@code stats}
     */
    public double of(IntensityStats stats) {
        return getter.applyAsDouble(stats);
    }

    /**
     * Reads this statistic on a bit-depth-free scale: intensity-valued statistics are divided by the image's
     * maximum value so that they lie in {@code [0, 1]}; the others are returned as they are.
     *
     * @param stats the statistics of one image
     * @param maxValue the image's largest representable value ({@code 2^bitsStored - 1})
     * @return the value on the unit scale
     */
    public double ofUnitScale(IntensityStats stats, int maxValue) {
        double v = of(stats);
        return intensityValued ? v / maxValue : v;
    }
}
