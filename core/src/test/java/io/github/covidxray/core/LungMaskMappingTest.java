package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.translate.TranslateException;
import org.junit.jupiter.api.Test;

/** The mask comes back in the image's own coordinates, whatever the bundle's geometry. */
class LungMaskMappingTest {

    private static PreprocessingSpec spec(PreprocessingSpec.ResizeMode mode) {
        return PreprocessingSpec.builder().setSize(16).optChannels(1).optResizeMode(mode).build();
    }

    /** Logits +5 where the input column is below {@code column}, -5 elsewhere. */
    private static float[] leftOf(int column, float padding) {
        float[] logits = new float[16 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                logits[y * 16 + x] = x < column ? 5 : -5;
            }
        }
        return logits;
    }

    @Test
    void letterboxPaddingIsUndone() throws TranslateException {
        PreprocessingSpec spec = spec(PreprocessingSpec.ResizeMode.LETTERBOX);
        XrayImage wide = XrayImage.ofGray8(80, 40, new byte[80 * 40], "wide");
        InputGeometry at = InputGeometry.of(spec, 80, 40);
        assertEquals(0, at.contentX());
        assertEquals(4, at.contentY());
        assertEquals(8, at.contentH());
        // Rows 0-3 and 12-15 of the input are padding: make them "lung" to show they never leak in.
        float[] logits = new float[16 * 16];
        for (int i = 0; i < logits.length; i++) {
            int y = i / 16;
            int x = i % 16;
            logits[i] = y < 4 || y >= 12 ? 5 : x < 8 ? 5 : -5;
        }
        LungMask mask = PooledLungSegmenter.toImageMask(wide, logits, spec);
        assertEquals(80, mask.width());
        assertEquals(40, mask.height());
        assertTrue(mask.contains(0, 0) && mask.contains(35, 39), "left half of the content is inside, every row");
        assertFalse(mask.contains(45, 0) || mask.contains(79, 20), "right half is outside, padding does not leak");
        assertEquals(0.5, mask.lungFraction(), 0.03);
    }

    @Test
    void centerCropLeavesTheCroppedSidesOutside() throws TranslateException {
        PreprocessingSpec spec = spec(PreprocessingSpec.ResizeMode.CENTER_CROP);
        XrayImage wide = XrayImage.ofGray8(64, 32, new byte[64 * 32], "wide");
        float[] all = new float[16 * 16];
        java.util.Arrays.fill(all, 5);
        LungMask mask = PooledLungSegmenter.toImageMask(wide, all, spec);
        assertFalse(mask.contains(0, 10) || mask.contains(63, 10), "the crop kept columns 16-47 only");
        assertTrue(mask.contains(16, 0) && mask.contains(47, 31));
        assertEquals(0.5, mask.lungFraction(), 1e-9);
    }

    @Test
    void stretchMapsProportionally() throws TranslateException {
        PreprocessingSpec spec = spec(PreprocessingSpec.ResizeMode.STRETCH);
        XrayImage tall = XrayImage.ofGray8(32, 64, new byte[32 * 64], "tall");
        LungMask mask = PooledLungSegmenter.toImageMask(tall, leftOf(4, 0), spec);
        assertEquals(0.25, mask.lungFraction(), 0.02);
        assertTrue(mask.contains(6, 63));
        assertFalse(mask.contains(9, 0));
    }

    @Test
    void nonFiniteOutputIsAnErrorNamingTheImage() {
        float[] logits = new float[16 * 16];
        logits[7] = Float.NaN;
        XrayImage image = XrayImage.ofGray8(16, 16, new byte[256], "nan-input.png");
        TranslateException e = assertThrows(TranslateException.class,
                () -> PooledLungSegmenter.toImageMask(image, logits, spec(PreprocessingSpec.ResizeMode.STRETCH)));
        assertTrue(e.getMessage().contains("nan-input.png"));
    }
}
