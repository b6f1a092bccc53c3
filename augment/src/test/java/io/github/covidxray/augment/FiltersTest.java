package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FiltersTest {

    private static XrayImage image(int bits, int w, int h) {
        return bits == 8 ? TestImages.gray8(w, h, 9) : TestImages.gray16(w, h, bits, 9);
    }

    private static XrayImage constant(int bits, int w, int h, int level) {
        if (bits == 8) {
            byte[] px = new byte[w * h];
            Arrays.fill(px, (byte) level);
            return XrayImage.ofGray8(w, h, px, "flat");
        }
        short[] px = new short[w * h];
        Arrays.fill(px, (short) level);
        return XrayImage.ofGray16(w, h, bits, px, "flat");
    }

    private static double mean(int[] v) {
        return IntStream.of(v).average().orElseThrow();
    }

    private static double variance(int[] v) {
        double m = mean(v);
        return IntStream.of(v).mapToDouble(x -> (x - m) * (x - m)).average().orElseThrow();
    }

    /** Mean absolute difference between horizontal neighbours. */
    private static double roughness(XrayImage img) {
        double sum = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 1; x < img.width(); x++) {
                sum += Math.abs(img.pixel(x, y) - img.pixel(x - 1, y));
            }
        }
        return sum / (img.height() * (img.width() - 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void zeroStrengthOperationsGiveTheInputBack(int bits) {
        XrayImage img = image(bits, 21, 13);
        int[] in = img.toIntArray();
        assertArrayEquals(in, Filters.gaussianBlur(img, 0).toIntArray());
        assertArrayEquals(in, Filters.sharpen(img, 1, 0).toIntArray());
        assertArrayEquals(in, Filters.gaussianNoise(img, 0, 5).toIntArray());
        assertArrayEquals(in, Cutout.erase(img, 3, 3, 0, 5, 0.5).toIntArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16})
    void blurKeepsFlatImagesAndSmoothsTexture(int bits) {
        int max = (1 << bits) - 1;
        XrayImage flat = constant(bits, 19, 11, max);
        assertTrue(IntStream.of(Filters.gaussianBlur(flat, 2).toIntArray()).allMatch(v -> v == max));
        XrayImage img = image(bits, 40, 30);
        XrayImage blurred = Filters.gaussianBlur(img, 1.5);
        assertEquals(bits, blurred.bitsStored());
        assertTrue(roughness(blurred) < 0.5 * roughness(img), "blur should smooth neighbouring pixels");
        assertEquals(mean(img.toIntArray()), mean(blurred.toIntArray()), 0.03 * max);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void sharpenOvershootClampsAtTheRangeWithoutWrapping(int bits) {
        int max = (1 << bits) - 1;
        int w = 20;
        int[] levels = new int[w];
        for (int x = 0; x < w; x++) {
            levels[x] = x < w / 2 ? max / 50 : max - max / 50; // a strong edge near both ends of the range
        }
        XrayImage edge = bits == 8 ? XrayImage.ofGray8(w, 1, toBytes(levels), "edge")
                : XrayImage.ofGray16(w, 1, bits, toShorts(levels), "edge");
        int[] out = Filters.sharpen(edge, 1.5, 3).toIntArray();
        assertEquals(0, out[w / 2 - 1], "dark side of the edge clamps to 0");
        assertEquals(max, out[w / 2], "bright side of the edge clamps to max");
        for (int x = 1; x < w / 2; x++) {
            assertTrue(out[x] <= out[x - 1], "dark side must not wrap: " + Arrays.toString(out));
        }
        for (int x = w / 2 + 1; x < w; x++) {
            assertTrue(out[x] <= out[x - 1], "bright side must not wrap: " + Arrays.toString(out));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void noiseIsSeededZeroMeanWithTheRequestedSpread(int bits) {
        int max = (1 << bits) - 1;
        XrayImage grey = constant(bits, 200, 100, max / 2);
        XrayImage a = Filters.gaussianNoise(grey, 0.05, 42);
        assertArrayEquals(a.toIntArray(), Filters.gaussianNoise(grey, 0.05, 42).toIntArray());
        assertFalse(Arrays.equals(a.toIntArray(), Filters.gaussianNoise(grey, 0.05, 43).toIntArray()));
        int[] v = a.toIntArray();
        assertEquals(max / 2.0, mean(v), 0.002 * max);
        assertEquals(0.05 * max, Math.sqrt(variance(v)), 0.002 * max);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void noiseClampsAtBothEndsWithoutWrapping(int bits) {
        int max = (1 << bits) - 1;
        // Sigma 0.1: the quantile table reaches 4.3 sigma, so values stay above 0.5 max unless they wrap.
        int[] white = Filters.gaussianNoise(constant(bits, 64, 64, max), 0.1, 1).toIntArray();
        int[] black = Filters.gaussianNoise(constant(bits, 64, 64, 0), 0.1, 1).toIntArray();
        // Wrapping would put values near 0 in the white image and near max in the black one.
        assertTrue(IntStream.of(white).allMatch(v -> v > max / 4), "white wrapped");
        assertTrue(IntStream.of(black).allMatch(v -> v < max - max / 4), "black wrapped");
        assertTrue(IntStream.of(white).filter(v -> v == max).count() > 1000, "white should saturate");
    }

    @Test
    void normalQuantileTableHasUnitSpread() {
        float[] q = GaussianNoise.normalQuantiles(1 << 16);
        double m = 0;
        double s = 0;
        for (float v : q) {
            m += v;
            s += v * v;
        }
        assertEquals(0, m / q.length, 1e-3);
        assertEquals(1, Math.sqrt(s / q.length), 2e-3);
        assertEquals(-1.6449, q[(int) (0.05 * q.length)], 2e-3); // the 5 % quantile
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void eraseFillsTheClippedRectangleOnly(int bits) {
        XrayImage img = image(bits, 10, 8);
        XrayImage out = Cutout.erase(img, 7, -2, 5, 4, 1.0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 10; x++) {
                boolean inside = x >= 7 && y < 2;
                assertEquals(inside ? img.maxValue() : img.pixel(x, y), out.pixel(x, y), "at " + x + "," + y);
            }
        }
    }

    private static XrayImage step(AugmentStep step, XrayImage image) {
        return Augmenter.builder().add(step).build().augment(image, 0, 0).image();
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void equalizationStepSpreadsALowContrastImageByItsStrength(int bits) {
        int max = (1 << bits) - 1;
        int[] levels = IntStream.range(0, 400).map(i -> max / 2 + (i % 20) * (max / 100)).toArray();
        XrayImage low = bits == 8 ? XrayImage.ofGray8(20, 20, toBytes(levels), "low")
                : XrayImage.ofGray16(20, 20, bits, toShorts(levels), "low");
        int[] full = step(AugmentStep.equalize(Range.fixed(1)), low).toIntArray();
        int[] half = step(AugmentStep.equalize(Range.fixed(0.5)), low).toIntArray();
        int spread = IntStream.of(full).max().orElseThrow() - IntStream.of(full).min().orElseThrow();
        assertTrue(spread > 0.9 * max, "equalised spread " + spread);
        for (int i = 0; i < levels.length; i++) {
            assertEquals((levels[i] + full[i]) / 2.0, half[i], 1.0, "half strength blends at pixel " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16})
    void claheStepKeepsSizeDepthAndRangeAndRaisesLocalContrast(int bits) {
        int max = (1 << bits) - 1;
        int w = 128;
        int h = 96;
        int[] levels = new int[w * h];
        for (int i = 0; i < levels.length; i++) {
            int x = i % w;
            levels[i] = max / 3 + (int) ((max / 20.0) * (Math.sin(x * 0.5) + 1)) + (i / w) * (max / 400);
        }
        XrayImage img = bits == 8 ? XrayImage.ofGray8(w, h, toBytes(levels), "soft")
                : XrayImage.ofGray16(w, h, bits, toShorts(levels), "soft");
        XrayImage out = step(AugmentStep.clahe(Range.fixed(3)), img);
        assertEquals(bits, out.bitsStored());
        assertEquals(w, out.width());
        int[] v = out.toIntArray();
        assertTrue(IntStream.of(v).allMatch(x -> x >= 0 && x <= max));
        assertTrue(variance(v) > 2 * variance(levels), "CLAHE should raise contrast");
        int[] flatOut = step(AugmentStep.clahe(Range.fixed(2)), constant(bits, 256, 256, max / 3)).toIntArray();
        assertTrue(IntStream.of(flatOut).allMatch(x -> x == flatOut[0]), "a flat image must stay flat");
    }

    @Test
    void invalidFilterParametersAreRejected() {
        XrayImage img = image(8, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> Filters.gaussianBlur(img, -1));
        assertThrows(IllegalArgumentException.class, () -> Filters.gaussianNoise(img, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.clahe(Range.of(0.5, 2)));
        assertThrows(IllegalArgumentException.class, () -> Cutout.erase(img, 0, 0, -1, 2, 0));
    }

    static byte[] toBytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static short[] toShorts(int[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }
}
