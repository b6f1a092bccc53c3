package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntensityTest {

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16})
    void identityParametersGiveTheInputBack(int bits) {
        XrayImage image = bits == 8 ? TestImages.gray8(33, 17, 4) : TestImages.gray16(33, 17, bits, 4);
        assertArrayEquals(image.toIntArray(), Intensity.brightness(image, 0).toIntArray());
        assertArrayEquals(image.toIntArray(), Intensity.contrast(image, 1).toIntArray());
        assertArrayEquals(image.toIntArray(), Intensity.gamma(image, 1).toIntArray());
    }

    static Stream<Arguments> monotoneOps() {
        return Stream.of(8, 12, 16).flatMap(bits -> Stream.of(
                Arguments.of(bits, "brightness +0.3", (UnaryOperator<XrayImage>) i -> Intensity.brightness(i, 0.3)),
                Arguments.of(bits, "brightness -0.3", (UnaryOperator<XrayImage>) i -> Intensity.brightness(i, -0.3)),
                Arguments.of(bits, "contrast 1.8", (UnaryOperator<XrayImage>) i -> Intensity.contrast(i, 1.8)),
                Arguments.of(bits, "contrast 0.4", (UnaryOperator<XrayImage>) i -> Intensity.contrast(i, 0.4)),
                Arguments.of(bits, "gamma 0.5", (UnaryOperator<XrayImage>) i -> Intensity.gamma(i, 0.5)),
                Arguments.of(bits, "gamma 2.2", (UnaryOperator<XrayImage>) i -> Intensity.gamma(i, 2.2)),
                Arguments.of(bits, "equalize", (UnaryOperator<XrayImage>) i ->
                        Augmenter.builder().add(AugmentStep.equalize(Range.fixed(1))).build().augment(i, 0, 0).image())));
    }

    @ParameterizedTest(name = "{1} at {0} bits")
    @MethodSource("monotoneOps")
    void intensityOpsAreMonotoneAndClampWithoutWrapping(int bits, String name, UnaryOperator<XrayImage> op) {
        XrayImage ramp = TestImages.ramp(bits);
        XrayImage out = op.apply(ramp);
        int[] v = out.toIntArray();
        assertEquals(bits, out.bitsStored());
        for (int i = 1; i < v.length; i++) {
            assertTrue(v[i] >= v[i - 1], name + " not monotone at level " + i + ": " + v[i - 1] + " -> " + v[i]);
        }
        assertTrue(v[0] >= 0 && v[v.length - 1] <= ramp.maxValue(), name + " out of range");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16})
    void brightnessSaturatesAtTheEndsOfTheRange(int bits) {
        XrayImage ramp = TestImages.ramp(bits);
        int max = ramp.maxValue();
        int[] up = Intensity.brightness(ramp, 0.5).toIntArray();
        int[] down = Intensity.brightness(ramp, -0.5).toIntArray();
        for (int v = 0; v <= max; v++) {
            assertEquals(Math.min(max, Math.round(v + 0.5 * max)), up[v], "+0.5 at level " + v);
            assertEquals(Math.max(0, Math.round(v - 0.5 * max)), down[v], "-0.5 at level " + v);
        }
        assertEquals(max, up[max]);
        assertEquals(0, down[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void strongContrastClampsAndZeroContrastFlattensToTheMean(int bits) {
        XrayImage ramp = TestImages.ramp(bits);
        int max = ramp.maxValue();
        int[] strong = Intensity.contrast(ramp, 5).toIntArray();
        assertEquals(0, strong[0]);
        assertEquals(max, strong[max]);
        int[] flat = Intensity.contrast(ramp, 0).toIntArray();
        // The mean is estimated on a sampling grid: flat, and within 1 % of the true mean.
        assertTrue(IntStream.of(flat).allMatch(v -> v == flat[0]), "not flat");
        assertEquals(max / 2.0, flat[0], 0.01 * max);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void gammaKeepsBlackAndWhiteAndBendsMidTones(int bits) {
        XrayImage ramp = TestImages.ramp(bits);
        int max = ramp.maxValue();
        int[] bright = Intensity.gamma(ramp, 0.5).toIntArray();
        int[] dark = Intensity.gamma(ramp, 2).toIntArray();
        assertEquals(0, bright[0]);
        assertEquals(max, bright[max]);
        int mid = max / 2;
        assertEquals(Math.round(max * Math.sqrt((double) mid / max)), bright[mid]);
        assertTrue(dark[mid] < mid && bright[mid] > mid);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -0.1, Double.POSITIVE_INFINITY})
    void invalidFactorsAreRejected(double bad) {
        XrayImage image = TestImages.gray8(4, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> Intensity.contrast(image, bad));
        assertThrows(IllegalArgumentException.class, () -> Intensity.gamma(image, bad));
    }
}
