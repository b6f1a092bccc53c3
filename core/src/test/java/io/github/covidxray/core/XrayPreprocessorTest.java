package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.PreprocessingSpec.Normalization;
import io.github.covidxray.core.PreprocessingSpec.Resampling;
import io.github.covidxray.core.PreprocessingSpec.ResizeMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class XrayPreprocessorTest {

    private static XrayImage image8(int w, int h, java.util.function.IntBinaryOperator f) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) f.applyAsInt(x, y);
            }
        }
        return XrayImage.ofGray8(w, h, px, "gen");
    }

    private static PreprocessingSpec.Builder unit(int size) {
        return PreprocessingSpec.builder().setSize(size).optChannels(1).optNormalization(Normalization.UNIT);
    }

    @ParameterizedTest
    @EnumSource(ResizeMode.class)
    void constantImageStaysConstantInEveryModeAndFilter(ResizeMode mode) {
        XrayImage img = image8(300, 200, (x, y) -> 153);
        for (Resampling r : Resampling.values()) {
            float[] out = new XrayPreprocessor(unit(64).optResizeMode(mode).optResampling(r).build()).toChw(img);
            int padded = 0;
            for (float v : out) {
                if (v == 0f) {
                    padded++;
                } else {
                    assertEquals(153 / 255f, v, 1e-5);
                }
            }
            // Only letterboxing may leave padding: 300x200 -> 64x43 content, 21 rows of black.
            assertEquals(mode == ResizeMode.LETTERBOX ? 64 * (64 - 43) : 0, padded, mode + " " + r);
        }
    }

    @Test
    void areaDownscaleByTwoAveragesBlocks() {
        XrayImage img = image8(4, 4, (x, y) -> y * 4 + x); // 0..15
        float[] out = new XrayPreprocessor(unit(2).optResampling(Resampling.AREA).build()).toChw(img);
        assertArrayEquals(new float[] {2.5f / 255, 4.5f / 255, 10.5f / 255, 12.5f / 255}, out, 1e-6f);
    }

    @Test
    void bilinearUpscaleInterpolatesWithHalfPixelCentres() {
        XrayImage img = image8(2, 1, (x, y) -> x == 0 ? 0 : 200);
        float[] out = new XrayPreprocessor(
                unit(4).optResizeMode(ResizeMode.STRETCH).optResampling(Resampling.BILINEAR).build()).toChw(img);
        // Output pixel centres at 0.125, 0.375, 0.625, 0.875 of the width: source centres at 0.25 and 0.75.
        float[] expected = {0, 50, 150, 200};
        for (int row = 0; row < 4; row++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[c] / 255f, out[row * 4 + c], 1e-5, "row " + row + " col " + c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Resampling.class)
    void rampStaysMonotone(Resampling filter) {
        XrayImage img = image8(1000, 700, (x, y) -> x * 255 / 999);
        float[] out = new XrayPreprocessor(unit(224).optResampling(filter).build()).toChw(img);
        for (int row = 0; row < 224; row += 37) {
            for (int c = 1; c < 224; c++) {
                assertTrue(out[row * 224 + c] >= out[row * 224 + c - 1], "monotone at " + c);
            }
        }
        assertTrue(out[0] < 0.3f && out[223] > 0.7f, "centre crop keeps the middle of the ramp");
    }

    @Test
    void centreCropTakesTheMiddleAndLetterboxKeepsEverything() {
        // left third 0, middle 200, right third 0 in a 300x100 image
        XrayImage img = image8(300, 100, (x, y) -> x >= 100 && x < 200 ? 200 : 0);
        float[] crop = new XrayPreprocessor(unit(10).build()).toChw(img);
        for (float v : crop) {
            assertEquals(200 / 255f, v, 1e-5);
        }
        float[] box = new XrayPreprocessor(unit(30).optResizeMode(ResizeMode.LETTERBOX).build()).toChw(img);
        // content 30x10 in rows 10..19, with the bright band in its middle third
        assertEquals(0f, box[5 * 30 + 15], 0);
        assertEquals(200 / 255f, box[15 * 30 + 15], 1e-5);
        assertEquals(0f, box[15 * 30 + 2], 1e-5);
    }

    @Test
    void normalisationsMapKnownValues() {
        XrayImage img = image8(8, 8, (x, y) -> 255);
        assertEquals(1f, first(img, Normalization.UNIT, 1), 1e-6);
        assertEquals(1f, first(img, Normalization.SYMMETRIC, 1), 1e-6);
        assertEquals(1024f, first(img, Normalization.XRV, 1), 1e-3);
        XrayImage black = image8(8, 8, (x, y) -> 0);
        assertEquals(-1f, first(black, Normalization.SYMMETRIC, 1), 1e-6);
        assertEquals(-1024f, first(black, Normalization.XRV, 1), 1e-3);

        float[] rgb = new XrayPreprocessor(PreprocessingSpec.builder().setSize(8).build()).toChw(img);
        assertEquals(64 * 3, rgb.length);
        assertEquals((1 - 0.485f) / 0.229f, rgb[0], 1e-5);
        assertEquals((1 - 0.456f) / 0.224f, rgb[64], 1e-5);
        assertEquals((1 - 0.406f) / 0.225f, rgb[128 + 63], 1e-5);
    }

    @Test
    void sixteenBitIsScaledByItsOwnRange() {
        short[] px = new short[16 * 16];
        java.util.Arrays.fill(px, (short) 2048);
        XrayImage twelveBit = XrayImage.ofGray16(16, 16, 12, px, "12bit");
        float[] out = new XrayPreprocessor(unit(8).build()).toChw(twelveBit);
        assertEquals(2048f / 4095f, out[0], 1e-6);
    }

    @Test
    void batchEqualsSingleAndReusesBuffer() {
        XrayPreprocessor p = new XrayPreprocessor(PreprocessingSpec.imagenet(32));
        List<XrayImage> images = List.of(image8(50, 60, (x, y) -> x), image8(64, 64, (x, y) -> y * 3), image8(40, 40, (x, y) -> 9));
        float[] batch = p.toBatch(images, null);
        int n = p.spec().sampleSize();
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(p.toChw(images.get(i)), java.util.Arrays.copyOfRange(batch, i * n, (i + 1) * n));
        }
        assertTrue(p.toBatch(images, batch) == batch, "a big enough buffer is reused");
        assertThrows(IllegalArgumentException.class, () -> p.toChw(images.get(0), new float[10], 0));
    }

    @Test
    void contrastOptionsChangeTheImageAsDocumented() {
        XrayImage dim = image8(64, 64, (x, y) -> 100 + (x % 20));
        float[] plain = new XrayPreprocessor(unit(16).build()).toChw(dim);
        float[] eq = new XrayPreprocessor(unit(16).optContrast(PreprocessingSpec.Contrast.EQUALIZE).build()).toChw(dim);
        float[] gamma = new XrayPreprocessor(unit(16).optContrast(PreprocessingSpec.Contrast.GAMMA).optGamma(0.5).build()).toChw(dim);
        float[] clahe = new XrayPreprocessor(unit(16).optContrast(PreprocessingSpec.Contrast.CLAHE).build()).toChw(dim);
        assertTrue(range(eq) > range(plain) * 3, "equalisation stretches a narrow histogram");
        assertTrue(range(clahe) > range(plain), "CLAHE stretches contrast too");
        for (int i = 0; i < plain.length; i++) {
            assertTrue(gamma[i] > plain[i], "gamma < 1 brightens");
        }
    }

    @Test
    void sharedInstanceIsThreadSafe() throws Exception {
        XrayPreprocessor p = new XrayPreprocessor(PreprocessingSpec.imagenet(64));
        List<XrayImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int k = i;
            images.add(image8(100 + i * 13, 90 + i * 7, (x, y) -> (x * k + y) & 0xFF));
        }
        List<float[]> expected = images.stream().map(p::toChw).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                final int i = t % images.size();
                results.add(pool.submit(() -> java.util.Arrays.equals(expected.get(i), p.toChw(images.get(i)))));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void specRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> PreprocessingSpec.builder().setSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> PreprocessingSpec.builder().optChannels(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> PreprocessingSpec.builder().optContrast(PreprocessingSpec.Contrast.GAMMA).optGamma(-1).build());
    }

    @Test
    void specSurvivesJsonAndOldJsonDefaultsTheDicomMapping() throws Exception {
        var json = io.github.covidxray.core.model.ModelBundle.json();
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(160, 128).optChannels(1)
                .optContrast(PreprocessingSpec.Contrast.CLAHE).optClahe(3.0, 4)
                .optDicomIntensity(PreprocessingSpec.DicomIntensity.VOI_WINDOW).build();
        assertEquals(spec, json.readValue(json.writeValueAsString(spec), PreprocessingSpec.class));
        assertTrue(spec.readOptions().applyVoiWindow());
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(spec);
        node.remove("dicom_intensity");
        PreprocessingSpec old = json.treeToValue(node, PreprocessingSpec.class);
        assertEquals(PreprocessingSpec.DicomIntensity.STORED_RANGE, old.dicomIntensity());
        assertTrue(!old.readOptions().applyVoiWindow());
    }

    private static float first(XrayImage img, Normalization n, int channels) {
        return new XrayPreprocessor(PreprocessingSpec.builder().setSize(4).optChannels(channels).optNormalization(n).build())
                .toChw(img)[0];
    }

    private static float range(float[] v) {
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi - lo;
    }
}
