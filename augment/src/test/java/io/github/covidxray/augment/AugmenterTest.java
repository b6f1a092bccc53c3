package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AugmenterTest {

    static Stream<Arguments> presetsAndImages() {
        return Stream.of(Augmenter.chestXrayConservative(), Augmenter.aggressive()).flatMap(a -> Stream.of(
                Arguments.of(a, TestImages.gray8(48, 40, 1)),
                Arguments.of(a, TestImages.gray16(40, 48, 16, 2)),
                Arguments.of(a, TestImages.gray16(33, 33, 12, 3))));
    }

    @ParameterizedTest
    @MethodSource("presetsAndImages")
    void sameSeedAndIndexGiveBitIdenticalOutputOnAnyThread(Augmenter augmenter, XrayImage image) throws Exception {
        int samples = 24;
        List<Object> sequential = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            sequential.add(TestImages.rawPixels(augmenter.augment(image, 1234, i).image()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(5));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<Integer, Future<Object>> parallel = new HashMap<>();
            for (int i : order) {
                parallel.put(i, pool.submit(() -> TestImages.rawPixels(augmenter.augment(image, 1234, i).image())));
            }
            for (int i = 0; i < samples; i++) {
                assertTrue(Arrays.deepEquals(new Object[] {sequential.get(i)}, new Object[] {parallel.get(i).get()}),
                        "sample " + i + " differs between threads");
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Arrays.deepEquals(new Object[] {sequential.get(0)}, new Object[] {sequential.get(1)}),
                "different indices should give different augmentations");
    }

    @ParameterizedTest
    @MethodSource("presetsAndImages")
    void presetsKeepSizeAndDepthAndNeverFlip(Augmenter augmenter, XrayImage image) {
        for (int i = 0; i < 20; i++) {
            AugmentResult r = augmenter.augment(image, 7, i);
            assertEquals(image.width(), r.image().width());
            assertEquals(image.height(), r.image().height());
            assertEquals(image.bitsStored(), r.image().bitsStored());
            assertEquals(image.is8Bit(), r.image().is8Bit());
            assertTrue(r.applied().stream().noneMatch(op -> op.name().equals("flip")));
        }
        assertTrue(augmenter.steps().stream().noneMatch(s -> s.name().equals("flip")));
    }

    @Test
    void emptyPipelineAndStepsThatNeverFireReturnTheInput() {
        XrayImage image = TestImages.gray8(16, 16, 3);
        AugmentResult empty = Augmenter.builder().build().augment(image, 1, 1);
        assertSame(image, empty.image());
        assertEquals("unchanged", empty.summary());
        Augmenter never = Augmenter.builder().add(AugmentStep.rotate(Range.symmetric(30)), 0).build();
        assertSame(image, never.augment(image, 1, 1).image());
    }

    @Test
    void identityParametersThroughThePipelineGiveTheInputBackExactly() {
        Augmenter identity = Augmenter.builder()
                .add(AugmentStep.rotate(Range.fixed(0)))
                .add(AugmentStep.translate(Range.fixed(0), Range.fixed(0)))
                .add(AugmentStep.scale(Range.fixed(1)))
                .add(AugmentStep.shear(Range.fixed(0), Range.fixed(0)))
                .add(AugmentStep.brightness(Range.fixed(0)))
                .add(AugmentStep.contrast(Range.fixed(1)))
                .add(AugmentStep.gamma(Range.fixed(1)))
                .add(AugmentStep.gaussianBlur(Range.fixed(0)))
                .add(AugmentStep.sharpen(Range.fixed(0), Range.fixed(1)))
                .add(AugmentStep.gaussianNoise(Range.fixed(0)))
                .add(AugmentStep.equalize(Range.fixed(0)))
                .build();
        for (XrayImage image : List.of(TestImages.gray8(31, 20, 1), TestImages.gray16(20, 31, 16, 1))) {
            AugmentResult r = identity.augment(image, 99, 3);
            assertArrayEquals(image.toIntArray(), r.image().toIntArray());
            assertEquals(11, r.applied().size());
        }
    }

    @Test
    void geometricStepsAreResampledOnceNotChained() {
        // Rotating by 33° and back in one pipeline must be exact: a chain of two resamplings would blur.
        Augmenter there = Augmenter.builder()
                .add(AugmentStep.rotate(Range.fixed(33)))
                .add(AugmentStep.scale(Range.fixed(1.25)))
                .add(AugmentStep.scale(Range.fixed(0.8)))
                .add(AugmentStep.rotate(Range.fixed(-33)))
                .build();
        XrayImage image = TestImages.gray16(40, 30, 16, 8);
        assertArrayEquals(image.toIntArray(), there.augment(image, 0, 0).image().toIntArray());
    }

    @Test
    void flipTwiceInThePipelineIsIdentity() {
        Augmenter twice = Augmenter.builder().add(AugmentStep.flipHorizontal()).add(AugmentStep.flipHorizontal())
                .build();
        XrayImage image = TestImages.gray8(17, 9, 2);
        AugmentResult r = twice.augment(image, 0, 0);
        assertArrayEquals(image.toIntArray(), r.image().toIntArray());
        assertEquals(List.of("flip left-right", "flip left-right"), r.captions());
        Augmenter once = Augmenter.builder().add(AugmentStep.flipHorizontal()).build();
        assertArrayEquals(Geometry.flipHorizontal(image).toIntArray(), once.augment(image, 0, 0).image().toIntArray());
    }

    @Test
    void fusedGreyLevelStepsMatchApplyingThemOneByOne() {
        XrayImage image = TestImages.gray16(50, 40, 12, 4);
        Augmenter fused = Augmenter.builder()
                .add(AugmentStep.brightness(Range.fixed(0.1)))
                .add(AugmentStep.contrast(Range.fixed(1.3)))
                .add(AugmentStep.gamma(Range.fixed(1.2))) // slope <= 1.2, so rounding differences stay small
                .build();
        int[] expected = Intensity.gamma(Intensity.contrast(Intensity.brightness(image, 0.1), 1.3), 1.2).toIntArray();
        int[] actual = fused.augment(image, 0, 0).image().toIntArray();
        for (int i = 0; i < expected.length; i++) {
            // One rounding instead of three: at most a level or two apart.
            assertTrue(Math.abs(expected[i] - actual[i]) <= 2, "pixel " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void warpFusedWithGreyLevelStepsEqualsApplyingThemSeparately() {
        // The pipeline writes table values during the warp and takes the contrast mean from a sample of the warp;
        // the result must equal a separate warp followed by separate grey-level operations.
        for (XrayImage image : List.of(TestImages.gray8(300, 200, 3), TestImages.gray16(130, 170, 16, 3))) {
            AffineParams p = new AffineParams(6.5, 0.04, -0.07, 1.08, 0, 0);
            Augmenter fused = Augmenter.builder()
                    .add(AugmentStep.rotate(Range.fixed(6.5)))
                    .add(AugmentStep.scale(Range.fixed(1.08)))
                    .add(AugmentStep.translate(Range.fixed(0.04), Range.fixed(-0.07)))
                    .add(AugmentStep.contrast(Range.fixed(1.4)))
                    .build();
            XrayImage separate = Intensity.contrast(Geometry.affine(image, p, WarpOptions.defaults()), 1.4);
            assertArrayEquals(separate.toIntArray(), fused.augment(image, 0, 0).image().toIntArray());
        }
    }

    @Test
    void captionsAreReadable() {
        Augmenter a = Augmenter.builder()
                .add(AugmentStep.rotate(Range.fixed(4.2)))
                .add(AugmentStep.translate(Range.fixed(0.031), Range.fixed(-0.05)))
                .add(AugmentStep.scale(Range.fixed(1.04)))
                .add(AugmentStep.contrast(Range.fixed(1.08)))
                .build();
        AugmentResult r = a.augment(TestImages.gray8(10, 10, 1), 0, 0);
        assertEquals(List.of("rotate 4.2°", "shift +3.1%, -5.0%", "zoom ×1.040", "contrast ×1.08"), r.captions());
        assertEquals(4.2, r.applied().get(0).parameter("degrees"));
        assertThrows(IllegalArgumentException.class, () -> r.applied().get(0).parameter("nope"));
    }

    /** Every step with its ranges, to check draws stay inside and cover them. */
    static Stream<Arguments> stepsAndRanges() {
        Range deg = Range.of(-12, 7);
        Range frac = Range.of(-0.1, 0.2);
        Range area = Range.of(0.3, 0.9);
        Range aspect = Range.of(0.6, 1.5);
        return Stream.of(
                Arguments.of(AugmentStep.rotate(deg), Map.of("degrees", deg)),
                Arguments.of(AugmentStep.translate(frac, Range.of(0, 0.05)), Map.of("x", frac, "y", Range.of(0, 0.05))),
                Arguments.of(AugmentStep.scale(Range.of(0.9, 1.1)), Map.of("factor", Range.of(0.9, 1.1))),
                Arguments.of(AugmentStep.shear(deg, Range.of(-3, 3)), Map.of("x", deg, "y", Range.of(-3, 3))),
                Arguments.of(AugmentStep.randomResizedCrop(area, aspect), Map.of("area", area, "aspect", aspect,
                        "x", Range.of(0, 1 - Math.sqrt(0.3 * 0.6)), "y", Range.of(0, 1 - Math.sqrt(0.3 / 1.5)))),
                Arguments.of(AugmentStep.brightness(frac), Map.of("delta", frac)),
                Arguments.of(AugmentStep.contrast(Range.of(0.8, 1.2)), Map.of("factor", Range.of(0.8, 1.2))),
                Arguments.of(AugmentStep.gamma(Range.of(0.7, 1.4)), Map.of("gamma", Range.of(0.7, 1.4))),
                Arguments.of(AugmentStep.gaussianNoise(Range.of(0, 0.02)), Map.of("sigma", Range.of(0, 0.02))),
                Arguments.of(AugmentStep.gaussianBlur(Range.of(0.2, 1)), Map.of("sigma", Range.of(0.2, 1))),
                Arguments.of(AugmentStep.sharpen(Range.of(0.1, 2), Range.of(0.5, 1)),
                        Map.of("amount", Range.of(0.1, 2), "sigma", Range.of(0.5, 1))),
                Arguments.of(AugmentStep.randomErasing(Range.of(0.02, 0.2), aspect, Range.of(0, 1)),
                        Map.of("area", Range.of(0.02, 0.2), "aspect", aspect, "fill", Range.of(0, 1))),
                Arguments.of(AugmentStep.equalize(Range.of(0.2, 1)), Map.of("strength", Range.of(0.2, 1))),
                Arguments.of(AugmentStep.clahe(Range.of(1.5, 4)), Map.of("clipLimit", Range.of(1.5, 4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepsAndRanges")
    void drawnParametersStayInTheirRangesAndCoverThem(AugmentStep step, Map<String, Range> ranges) {
        // Drawing is cheap; applying is what the other tests check, so draw on the step directly.
        SplittableRandom random = new SplittableRandom(17);
        Map<String, double[]> seen = new HashMap<>();
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            AppliedOp op = step.draw(random, 64, 48).op();
            for (Map.Entry<String, Range> e : ranges.entrySet()) {
                double v = op.parameter(e.getKey());
                assertTrue(e.getValue().contains(v), step + ": " + e.getKey() + " = " + v + " outside " + e.getValue());
                double[] mm = seen.computeIfAbsent(e.getKey(), k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
                mm[0] = Math.min(mm[0], v);
                mm[1] = Math.max(mm[1], v);
            }
        }
        for (Map.Entry<String, Range> e : ranges.entrySet()) {
            if (e.getKey().equals("x") && step.name().equals("crop") || e.getKey().equals("y") && step.name().equals("crop")) {
                continue; // positions depend on the drawn size: checked for range only
            }
            Range r = e.getValue();
            double[] mm = seen.get(e.getKey());
            double slack = 0.02 * r.width();
            assertTrue(mm[0] <= r.min() + slack && mm[1] >= r.max() - slack,
                    step + ": " + e.getKey() + " covered only [" + mm[0] + ", " + mm[1] + "] of " + r);
        }
    }

    @Test
    void stepsFireWithTheirProbability() {
        Augmenter a = Augmenter.builder().add(AugmentStep.brightness(Range.symmetric(0.1)), 0.3)
                .add(AugmentStep.contrast(Range.of(0.9, 1.1))).build();
        XrayImage image = TestImages.gray8(4, 4, 1);
        int fired = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            List<AppliedOp> applied = a.augment(image, 3, i).applied();
            fired += applied.stream().filter(op -> op.name().equals("brightness")).count();
            assertEquals("contrast", applied.get(applied.size() - 1).name());
        }
        // Binomial(4000, 0.3): standard deviation 29; allow five.
        assertEquals(0.3 * n, fired, 5 * Math.sqrt(n * 0.3 * 0.7));
    }

    @Test
    void randomGeneratorFormAdvancesAndDiffers() {
        Augmenter a = Augmenter.chestXrayConservative();
        XrayImage image = TestImages.gray8(32, 32, 1);
        SplittableRandom random = new SplittableRandom(1);
        AugmentResult first = a.augment(image, random);
        AugmentResult second = a.augment(image, random);
        assertNotEquals(first.summary(), second.summary());
        assertArrayEquals(first.image().toIntArray(), a.apply(image, new SplittableRandom(1)).toIntArray());
    }

    @Test
    void invalidStepsAreRejectedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentStep.rotate(Range.of(-200, 10)));
        assertTrue(e.getMessage().contains("-200"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.scale(Range.of(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.randomResizedCrop(Range.of(0.5, 1),
                Range.of(1.2, 2)));
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.rotate(Range.fixed(1)).withProbability(1.5));
        assertThrows(IllegalArgumentException.class, () -> Range.of(2, 1));
    }

    @Test
    void sampleKeysOfNeighbouringIndicesAndEpochsDiffer() {
        assertNotEquals(SampleSeeds.key(1, 0), SampleSeeds.key(1, 1));
        assertNotEquals(SampleSeeds.key(1, 0), SampleSeeds.key(2, 0));
        assertNotEquals(SampleSeeds.key(1, 0, 5), SampleSeeds.key(1, 1, 5));
        assertEquals(SampleSeeds.key(9, 3), SampleSeeds.key(9, 3));
    }
}
