package io.github.covidxray.histogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistogramAnalyzerTest {

    private static final double EPS = 1e-9;

    private static void assertMatchesReference(ImageHistogram h, int[] values) {
        ReferenceStats ref = new ReferenceStats(values);
        IntensityStats s = h.stats();
        assertEquals(values.length, s.pixelCount());
        assertEquals(ref.mean, s.mean(), EPS * Math.max(1, ref.mean));
        assertEquals(ref.std, s.std(), 1e-9 * Math.max(1, ref.std));
        assertEquals(ref.skewness, s.skewness(), 1e-7);
        assertEquals(ref.kurtosis, s.kurtosis(), 1e-7);
        assertEquals(ref.min, s.min());
        assertEquals(ref.max, s.max());
        int[] expected = Arrays.stream(IntensityStats.PERCENTILES).map(ref::percentile).toArray();
        int[] actual = {s.p1(), s.p5(), s.p25(), s.p50(), s.p75(), s.p95(), s.p99()};
        assertArrayEquals(expected, actual);
        assertEquals(values.length, Arrays.stream(h.counts()).asLongStream().sum());
    }

    @Test
    void gaussian8BitMatchesReferenceComputation() {
        XrayImage img = SyntheticImages.gaussian8(301, 217, 110, 35, 1);
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(img);
        assertEquals(256, h.bins());
        assertMatchesReference(h, img.toIntArray());
        int[] counts = new int[256];
        for (int v : img.toIntArray()) {
            counts[v]++;
        }
        assertArrayEquals(counts, h.counts());
        long zeros = Arrays.stream(img.toIntArray()).filter(v -> v == 0).count();
        long full = Arrays.stream(img.toIntArray()).filter(v -> v == 255).count();
        assertEquals(zeros / (double) img.pixelCount(), h.stats().saturatedLow(), EPS);
        assertEquals(full / (double) img.pixelCount(), h.stats().saturatedHigh(), EPS);
        assertTrue(h.stats().saturatedLow() > 0, "the Gaussian tail should clip at 0");
    }

    @Test
    void entropyMatchesDirectFormula() {
        XrayImage img = SyntheticImages.gaussian8(128, 128, 128, 20, 2);
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(img);
        double expected = 0;
        for (double p : h.normalized()) {
            if (p > 0) {
                expected -= p * Math.log(p) / Math.log(2);
            }
        }
        assertEquals(expected, h.stats().entropyBits(), 1e-9);
        // uniform noise over all 256 values is close to 8 bits
        ImageHistogram u = HistogramAnalyzer.defaults().analyze(SyntheticImages.uniform8(512, 512, 0, 255, 3));
        assertEquals(8.0, u.stats().entropyBits(), 0.01);
    }

    @Test
    void constantImageHasNoSpreadAndFullSaturation() {
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(SyntheticImages.constant8(40, 30, 255));
        IntensityStats s = h.stats();
        assertEquals(255, s.mean(), 0);
        assertEquals(0, s.std(), 0);
        assertEquals(0, s.skewness(), 0);
        assertEquals(0, s.kurtosis(), 0);
        assertEquals(0, s.entropyBits(), 0);
        assertEquals(255, s.min());
        assertEquals(255, s.p1());
        assertEquals(255, s.p99());
        assertEquals(1.0, s.saturatedHigh(), 0);
        assertEquals(0.0, s.saturatedLow(), 0);
        assertEquals(1200, h.count(255));
    }

    @Test
    void sixteenBitRampIsExactlyUniform() {
        // 256 x 256 pixels with values 0..65535, each exactly once
        XrayImage img = SyntheticImages.ramp16(256, 256, 16, 1);
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(img);
        assertEquals(4096, h.bins());
        assertEquals(16.0, h.binWidth(), 0);
        for (int b = 0; b < h.bins(); b++) {
            assertEquals(16, h.count(b), "bin " + b);
        }
        IntensityStats s = h.stats();
        assertEquals(32767.5, s.mean(), 1e-9);
        assertEquals(32767, s.p50());
        assertEquals(655, s.p1()); // ceil(0.01 * 65536) = 656th smallest = 655
        assertEquals(12.0, s.entropyBits(), 1e-9);
        assertEquals(-1.2, s.kurtosis(), 1e-6); // a uniform distribution's excess kurtosis
        assertEquals(0, s.skewness(), 1e-9);
        assertMatchesReference(h, img.toIntArray());
        assertEquals(1.0 / 65536, s.saturatedHigh(), 0);
    }

    @Test
    void twelveBitImageUsesItsOwnRangeAndBinCount() {
        XrayImage img = SyntheticImages.uniform16(200, 150, 12, 5);
        ImageHistogram h = HistogramAnalyzer.builder().optBins16(1024).build().analyze(img);
        assertEquals(1024, h.bins());
        assertEquals(4095, h.maxValue());
        assertEquals(4.0, h.binWidth(), 0);
        int[] expected = new int[1024];
        for (int v : img.toIntArray()) {
            expected[v / 4]++;
        }
        assertArrayEquals(expected, h.counts());
        assertMatchesReference(h, img.toIntArray());
        // more bins than values: one bin per value
        assertEquals(4096, HistogramAnalyzer.builder().optBins16(65536).build().analyze(img).bins());
    }

    @Test
    void nonPowerOfTwoBinCountSplitsTheRangeEvenly() {
        XrayImage img = SyntheticImages.uniform16(100, 100, 16, 6);
        ImageHistogram h = HistogramAnalyzer.builder().optBins16(1000).build().analyze(img);
        int[] expected = new int[1000];
        for (int v : img.toIntArray()) {
            expected[(int) ((long) v * 1000 / 65536)]++;
        }
        assertArrayEquals(expected, h.counts());
        assertMatchesReference(h, img.toIntArray());
    }

    @Test
    void borderRegionIgnoresTheFrame() {
        int w = 100;
        int hgt = 80;
        byte[] px = new byte[w * hgt];
        for (int y = 0; y < hgt; y++) {
            for (int x = 0; x < w; x++) {
                boolean frame = x < 10 || x >= 90 || y < 8 || y >= 72;
                px[y * w + x] = (byte) (frame ? 255 : 40 + (x + y) % 7);
            }
        }
        XrayImage img = XrayImage.ofGray8(w, hgt, px, "framed");
        ImageHistogram h = HistogramAnalyzer.builder().optRegion(Region.insideBorder(0.1)).build().analyze(img);
        assertEquals(80 * 64, h.stats().pixelCount());
        assertEquals(46, h.stats().max());
        assertEquals(0, h.stats().saturatedHigh(), 0);
        int[] inside = new int[80 * 64];
        int k = 0;
        for (int y = 8; y < 72; y++) {
            for (int x = 10; x < 90; x++) {
                inside[k++] = px[y * w + x] & 0xFF;
            }
        }
        assertMatchesReference(h, inside);
    }

    @Test
    void cornerExclusionDropsBurntInText() {
        int w = 64;
        byte[] px = new byte[w * w];
        Arrays.fill(px, (byte) 100);
        // bright "text" in the top-left and bottom-right corners
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                px[y * w + x] = (byte) 250;
                px[(w - 1 - y) * w + (w - 1 - x)] = (byte) 250;
            }
        }
        XrayImage img = XrayImage.ofGray8(w, w, px, "text");
        assertEquals(250, HistogramAnalyzer.defaults().analyze(img).stats().max());
        Region corners = Region.whole().withoutCorners(0.125); // 8-pixel squares
        ImageHistogram h = HistogramAnalyzer.builder().optRegion(corners).build().analyze(img);
        assertEquals(64 * 64 - 4 * 64, h.stats().pixelCount());
        assertEquals(100, h.stats().max());
        assertEquals(0, h.stats().std(), 0);
    }

    @Test
    void maskCountsOnlySelectedPixels() {
        XrayImage img = SyntheticImages.uniform8(37, 23, 0, 255, 7);
        byte[] mask = new byte[37 * 23];
        int[] values = img.toIntArray();
        int[] selected = new int[values.length];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if ((i * 7919) % 3 == 0) {
                mask[i] = 1;
                selected[n++] = values[i];
            }
        }
        ImageHistogram h = HistogramAnalyzer.builder().optRegion(Region.ofMask(37, 23, mask)).build().analyze(img);
        assertMatchesReference(h, Arrays.copyOf(selected, n));
        // a border on top of the mask intersects both
        Region both = Region.ofMask(37, 23, mask).withBorder(0.2);
        assertTrue(HistogramAnalyzer.builder().optRegion(both).build().analyze(img).stats().pixelCount() < n);
    }

    @Test
    void badRegionsGiveClearErrors() {
        XrayImage img = SyntheticImages.uniform8(20, 20, 0, 255, 8);
        HistogramAnalyzer wrongMask = HistogramAnalyzer.builder()
                .optRegion(Region.ofMask(10, 10, new byte[100])).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrongMask.analyze(img));
        assertTrue(e.getMessage().contains("uniform-8") && e.getMessage().contains("10x10"), e.getMessage());
        HistogramAnalyzer emptyMask = HistogramAnalyzer.builder()
                .optRegion(Region.ofMask(20, 20, new byte[400])).build();
        e = assertThrows(IllegalArgumentException.class, () -> emptyMask.analyze(img));
        assertTrue(e.getMessage().contains("no pixel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Region.insideBorder(0.5));
        assertThrows(IllegalArgumentException.class, () -> Region.whole().withoutCorners(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Region.ofMask(3, 3, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> HistogramAnalyzer.builder().optBins16(1));
    }

    @Test
    void spansOfABorderFreeRegionMergeIntoOne() {
        Region.Spans whole = Region.whole().resolve(30, 20);
        assertEquals(1, whole.size());
        assertEquals(600, whole.pixelCount());
        // corners only cut the first and last rows; the middle rows join into one span
        Region.Spans corners = Region.whole().withoutCorners(0.1).resolve(30, 20);
        assertEquals(2 + 1 + 2, corners.size());
        assertEquals(600 - 4 * 4, corners.pixelCount());
    }

    @Test
    void largeImageCrossingChunksCountsEveryPixel() {
        XrayImage img = SyntheticImages.uniform8(PixelCounter.CHUNK + 13, 3, 0, 255, 9);
        ImageHistogram h = HistogramAnalyzer.defaults().analyze(img);
        assertMatchesReference(h, img.toIntArray());
        XrayImage img16 = SyntheticImages.uniform16(PixelCounter.CHUNK + 7, 3, 10, 10);
        assertMatchesReference(HistogramAnalyzer.defaults().analyze(img16), img16.toIntArray());
    }
}
