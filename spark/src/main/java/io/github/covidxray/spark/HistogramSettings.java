package io.github.covidxray.spark;

import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.Region;
import io.github.covidxray.histogram.dataset.DatasetHistogramAnalyzer;
import java.io.Serializable;

/**
 * The settings of {@link XraySpark#histograms}, the same as {@code covid-xray analyze}'s options of the same
 * names (and with the same defaults), so that a corpus analysed on a cluster and with the CLI agree. An
 * immutable, serializable value.
 *
 * @param bins bins of the class histograms ({@code DatasetHistogramAnalyzer.optBins})
 * @param bins16 bins of an image deeper than 8 bits ({@code analyze --bins16})
 * @param border fraction of each side left out ({@code analyze --border})
 * @param corners size of the corner squares left out, as a fraction of the shorter side ({@code analyze --corners})
 */
public record HistogramSettings(int bins, int bins16, double border, double corners) implements Serializable {

    /** Validates by building the analyzer once. */
    public HistogramSettings {
        DatasetHistogramAnalyzer.builder().optBins(bins);
        analyzer(bins16, border, corners);
    }

    /** @return the defaults of {@code covid-xray analyze} */
    public static HistogramSettings defaults() {
        return new HistogramSettings(DatasetHistogramAnalyzer.DEFAULT_BINS, HistogramAnalyzer.DEFAULT_BINS_16, 0, 0);
    }

    /** @return the per-image analyzer these settings describe */
    HistogramAnalyzer analyzer() {
        return analyzer(bins16, border, corners);
    }

    private static HistogramAnalyzer analyzer(int bins16, double border, double corners) {
        return HistogramAnalyzer.builder().optBins16(bins16)
                .optRegion(Region.insideBorder(border).withoutCorners(corners)).build();
    }
}
