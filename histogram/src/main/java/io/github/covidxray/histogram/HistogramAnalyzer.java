package io.github.covidxray.histogram;

import io.github.covidxray.core.XrayImage;
import java.util.Objects;

/**
 * Computes the intensity histogram and summary statistics of an {@link XrayImage} at its true bit depth,
 * in one pass over the pixels.
 *
 * <p>Pixels are first counted into a histogram with one bin per possible value (256 for 8-bit images,
 * {@code 2^bitsStored} for deeper ones); every statistic — moments, min/max, percentiles, saturation — is
 * then computed exactly from those counts, and the reported histogram is re-binned to {@link #bins16()}
 * bins for images deeper than 8 bits. Optionally only the pixels of a {@link Region} are counted.
 *
 * <pre>{@code
 * HistogramAnalyzer analyzer = HistogramAnalyzer.builder()
 *         .optBins16(1024)
 *         .optRegion(Region.insideBorder(0.05).withoutCorners(0.12))
 *         .build();
 * ImageHistogram h = analyzer.analyze(XrayImage.read(path));
 * double median = h.stats().p50();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; one analyzer can serve many threads.
 */
public final class HistogramAnalyzer {

    /** The default number of bins for images deeper than 8 bits. */
    public static final int DEFAULT_BINS_16 = 4096;

    private static final HistogramAnalyzer DEFAULTS = builder().build();

    private final int bins16;
    private final Region region;

    private HistogramAnalyzer(Builder b) {
        this.bins16 = b.bins16;
        this.region = b.region;
    }

    /** @return an analyzer with the default settings: whole image, {@value #DEFAULT_BINS_16} bins for 16-bit */
    public static HistogramAnalyzer defaults() {
        return DEFAULTS;
    }

    /** @return a new builder; every setting is optional */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the number of bins used for images deeper than 8 bits (fewer when the image has fewer values) */
    public int bins16() {
        return bins16;
    }

    /** @return the region whose pixels are counted */
    public Region region() {
        return region;
    }

    /**
     * The number of bins a histogram of an image with the given bit depth gets.
     *
     * @param bitsStored significant bits per pixel
     * @return 256 for 8 bits, {@code 2^bitsStored} below 8, else {@code min(bins16, 2^bitsStored)}
     */
    public int binsFor(int bitsStored) {
        int values = 1 << bitsStored;
        return bitsStored <= 8 ? values : Math.min(bins16, values);
    }

    /**
     * Computes the histogram and statistics of an image.
     *
     * @param image the image
     * @return its histogram
     * @throws IllegalArgumentException if the region does not fit the image (a mask of another size), or
     *     leaves no pixel; the message names the image
     */
    public ImageHistogram analyze(XrayImage image) {
        return analyze(image, region);
    }

    /**
     * Computes the histogram and statistics of one region of an image, instead of this analyzer's region
     * (for regions found per image, such as its lungs).
     *
     * @param image the image
     * @param region the pixels to count
     * @return its histogram
     * @throws IllegalArgumentException if the region does not fit the image or leaves no pixel; the message
     *     names the image
     */
    public ImageHistogram analyze(XrayImage image, Region region) {
        Objects.requireNonNull(image, "image");
        Region.Spans spans;
        try {
            spans = region.resolve(image.width(), image.height());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(image.source() + ": " + e.getMessage(), e);
        }
        int values = image.maxValue() + 1;
        int[] full = image.is8Bit()
                ? PixelCounter.count8(image.pixels8(), spans)
                : PixelCounter.count16(image.pixels16(), spans, values);
        int[] binned = StatsCalculator.rebin(full, binsFor(image.bitsStored()));
        IntensityStats stats = StatsCalculator.compute(full, binned, spans.pixelCount());
        return new ImageHistogram(image.source(), image.width(), image.height(), image.bitsStored(), binned, stats);
    }

    @Override
    public String toString() {
        return "HistogramAnalyzer[bins16=" + bins16 + ", region=" + region + "]";
    }

    /** Builds a {@link HistogramAnalyzer}. Not thread-safe. */
    public static final class Builder {
        private int bins16 = DEFAULT_BINS_16;
        private Region region = Region.whole();

        private Builder() {}

        /**
         * Sets the number of histogram bins for images deeper than 8 bits, spread evenly over the image's
         * whole representable range. Statistics are exact whatever the bin count.
         *
         * @param bins 2 to 65536
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder optBins16(int bins) {
            if (bins < 2 || bins > 65536) {
                throw new IllegalArgumentException("bins16 must be 2..65536, got " + bins);
            }
            this.bins16 = bins;
            return this;
        }

        /**
         * Restricts counting to a region of each image.
         *
         * @param region the region; {@link Region#whole()} by default
         * @return this builder
         */
        public Builder optRegion(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** @return the analyzer */
        public HistogramAnalyzer build() {
            return new HistogramAnalyzer(this);
        }
    }
}
