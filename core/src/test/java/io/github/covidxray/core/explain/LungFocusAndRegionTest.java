package io.github.covidxray.core.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.InputGeometry;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.PreprocessingSpec.LungFocus;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.FakeLungSegmenter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LungFocuser} and {@link LungRegion} on synthetic images whose "lungs" are known exactly. */
class LungFocusAndRegionTest {

    private static final int W = 120;
    private static final int H = 100;

    /** Two side-by-side rectangles: a plausible two-lung mask with bounding box x 20-99, y 15-84. */
    private static boolean[] twoLungs() {
        boolean[] m = new boolean[W * H];
        fill(m, 20, 15, 50, 85);
        fill(m, 70, 20, 100, 85);
        return m;
    }

    private static void fill(boolean[] m, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * W + x] = true;
            }
        }
    }

    /** Random pixels in 1..254, so no pixel equals a fill by chance of construction. */
    private static XrayImage noise(long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (1 + r.nextInt(254));
        }
        return XrayImage.ofGray8(W, H, px, "noise");
    }

    private static PreprocessingSpec spec(LungFocus focus, double margin) {
        return PreprocessingSpec.builder().setSize(64).optChannels(1).optLungFocus(focus, margin).build();
    }

    @Test
    void cropKeepsTheLungsWithTheirMarginAtTheModelsAspectRatio() {
        XrayImage image = noise(1);
        LungMask mask = LungMask.of(W, H, twoLungs(), "m");
        LungFocuser.Focused f = LungFocuser.apply(image, mask, spec(LungFocus.CROP, 0.05));
        assertFalse(f.fellBack());
        // box 80 x 70, margin round(0.05 * 80) = 4: x 16-104, y 11-89 (88 x 78), widened about its centre to a
        // square 88 x 88: y 6-94.
        XrayImage c = f.image();
        assertEquals(88, c.width());
        assertEquals(88, c.height());
        assertEquals(16, f.x());
        assertEquals(6, f.y());
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                assertEquals(image.pixel(f.x() + x, f.y() + y), c.pixel(x, y));
            }
        }
        // The model input's corners map back onto the crop's corners in the image as read.
        InputGeometry g = f.geometry(spec(LungFocus.CROP, 0.05));
        assertEquals(W, g.imageWidth());
        assertEquals(16.0, g.toImageX(0), 1e-9);
        assertEquals(16.0 + 88, g.toImageX(64), 1e-9);
        assertEquals(6.0, g.toImageY(0), 1e-9);
        assertEquals(6.0 + 88, g.toImageY(64), 1e-9);
    }

    @Test
    void aCropThatWouldLeaveTheImageIsShiftedInside() {
        boolean[] m = new boolean[W * H];
        fill(m, 0, 0, 20, 60);
        fill(m, 30, 0, 50, 60);
        LungMask mask = LungMask.of(W, H, m, "corner");
        assertFalse(mask.flagged(), mask.toString());
        LungFocuser.Focused f = LungFocuser.apply(mask.toImage(), mask, spec(LungFocus.CROP, 0.1));
        // box 50 x 60, margin 6: x -6..56 and y -6..66 shifted to 0..62 and 0..72, then widened to 72 x 72.
        assertEquals(0, f.x());
        assertEquals(0, f.y());
        assertEquals(72, f.image().width());
        assertEquals(72, f.image().height());
    }

    @Test
    void blankReplacesExactlyWhatLiesOutsideTheDilatedLungs() {
        XrayImage image = noise(2);
        LungMask mask = LungMask.of(W, H, twoLungs(), "m");
        LungFocuser.Focused f = LungFocuser.apply(image, mask, spec(LungFocus.BLANK, 0.05));
        boolean[] kept = mask.dilated(4);
        int fill = Blanking.meanValue(image);
        for (int i = 0; i < W * H; i++) {
            int expected = kept[i] ? image.pixel(i % W, i / W) : fill;
            assertEquals(expected, f.image().pixel(i % W, i / W), "pixel " + i);
        }
        assertEquals(0, f.x());
        assertEquals(W, f.image().width());
    }

    @Test
    void aFlaggedMaskLeavesTheImageWholeAndIsCounted() throws Exception {
        XrayImage image = noise(3);
        boolean[] one = new boolean[W * H];
        fill(one, 10, 10, 110, 90); // one region covering most of the image: flagged
        LungMask mask = LungMask.of(W, H, one, "blob");
        assertTrue(mask.flagged());
        LungFocuser.Focused f = LungFocuser.apply(image, mask, spec(LungFocus.CROP, 0.05));
        assertTrue(f.fellBack());
        assertSame(image, f.image());

        LungFocuser focuser = LungFocuser.of(spec(LungFocus.CROP, 0.05), fixed(mask));
        focuser.focus(List.of(image, image));
        assertEquals(2, focuser.stats().images());
        assertEquals(2, focuser.stats().fellBack());
    }

    @Test
    void dilationGrowsASquareAndMarginIsAFractionOfTheLargerSide() {
        boolean[] m = new boolean[W * H];
        m[50 * W + 60] = true;
        boolean[] d = LungMask.of(W, H, m, "dot").dilated(2);
        int count = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i]) {
                count++;
                assertTrue(Math.abs(i % W - 60) <= 2 && Math.abs(i / W - 50) <= 2, "pixel " + i);
            }
        }
        assertEquals(25, count);
        assertEquals(8, LungMask.of(W, H, twoLungs(), "m").marginPixels(0.1));
        assertThrows(IllegalArgumentException.class, () -> LungMask.of(W, H, m, "dot").dilated(-1));
    }

    @Test
    void controlsByMaskHideExactlyTheLungsOrExactlyTheRest() {
        XrayImage image = noise(4);
        boolean[] lungs = twoLungs();
        LungRegion region = LungRegion.of(fixed(LungMask.of(W, H, lungs, "m")), 0);
        assertArrayEquals(lungs, region.mask(image));
        int fill = Blanking.meanValue(image);
        XrayImage hidden = ShortcutControl.LUNGS_HIDDEN.apply(image, region);
        XrayImage only = ShortcutControl.BORDER_HIDDEN.apply(image, region);
        for (int i = 0; i < W * H; i++) {
            int x = i % W;
            int y = i / W;
            assertEquals(lungs[i] ? fill : image.pixel(x, y), hidden.pixel(x, y));
            assertEquals(lungs[i] ? image.pixel(x, y) : fill, only.pixel(x, y));
        }
        assertEquals(3, region.masks());
        assertEquals(0, region.fellBack());
    }

    @Test
    void saliencyInsideTheMaskCountsOnlyMaskPixels() {
        boolean[] lungs = twoLungs();
        LungRegion region = LungRegion.of(fixed(LungMask.of(W, H, lungs, "m")), 0);
        // A flat heatmap: the share inside equals the mask's area share.
        float[] flat = new float[20 * 20];
        java.util.Arrays.fill(flat, 1f);
        double share = SaliencyMass.insideShare(new io.github.covidxray.core.Heatmap(20, 20, flat),
                region.mask(noise(5)), W, H);
        assertEquals(SaliencyMass.areaShare(lungs), share, 1e-9);
    }

    @Test
    void aFlaggedMaskFallsBackToTheCentralBoxAndIsCounted() {
        XrayImage image = noise(6);
        LungRegion region = LungRegion.of(fixed(LungMask.of(W, H, new boolean[W * H], "empty")), 0.1);
        assertArrayEquals(ImageRegion.centralLungField().mask(image), region.mask(image));
        assertEquals(1, region.fellBack());
        assertTrue(region.describe().contains("central box"), region.describe());
    }

    @Test
    void aMarginGrowsTheRegion() {
        LungMask mask = LungMask.of(W, H, twoLungs(), "m");
        LungRegion region = LungRegion.of(fixed(mask), 0.1);
        assertArrayEquals(mask.dilated(8), region.mask(noise(7)));
        assertThrows(IllegalArgumentException.class, () -> LungRegion.of(fixed(mask), 1.5));
    }

    private static LungSegmenter fixed(LungMask mask) {
        return new FakeLungSegmenter(image -> mask);
    }
}
