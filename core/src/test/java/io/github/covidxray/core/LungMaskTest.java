package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LungMaskTest {

    private static final int W = 100;
    private static final int H = 80;

    /** Fills a rectangle of a W x H mask. */
    private static void fill(boolean[] m, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * W + x] = true;
            }
        }
    }

    @Test
    void twoLungsSideBySideArePlausibleAndNamedFromThePatientsSide() {
        boolean[] m = new boolean[W * H];
        fill(m, 10, 10, 40, 70);   // image left: the patient's right lung
        fill(m, 60, 15, 85, 70);   // image right: the patient's left lung
        LungMask mask = LungMask.of(W, H, m, "two");
        assertEquals(30 * 60 + 25 * 55, mask.area());
        assertEquals(mask.area() / (double) (W * H), mask.lungFraction(), 1e-12);
        assertEquals(new LungMask.Box(10, 10, 75, 60), mask.boundingBox().orElseThrow());
        assertEquals(1.0, mask.quality());
        assertFalse(mask.flagged());
        assertTrue(mask.issues().isEmpty());
        List<LungMask.Lung> lungs = mask.lungs();
        assertEquals(2, lungs.size());
        assertEquals(LungMask.Side.RIGHT, lungs.get(0).side());
        assertEquals(new LungMask.Box(10, 10, 30, 60), lungs.get(0).box());
        assertEquals(LungMask.Side.LEFT, lungs.get(1).side());
        assertEquals(25 * 55, lungs.get(1).pixels());
        assertTrue(mask.contains(20, 20));
        assertFalse(mask.contains(50, 20));
    }

    @Test
    void diagonalNeighboursJoinOneRegion() {
        boolean[] m = new boolean[W * H];
        fill(m, 10, 10, 40, 40);
        fill(m, 40, 40, 70, 70);   // touches the first only at a corner
        LungMask mask = LungMask.of(W, H, m, "diagonal");
        assertTrue(mask.lungs().isEmpty());
        assertTrue(mask.flagged(), mask.toString());
    }

    @Test
    void absurdMasksAreFlaggedWithTheirReason() {
        LungMask empty = LungMask.of(W, H, new boolean[W * H], "empty");
        assertTrue(empty.flagged());
        assertEquals(0, empty.quality());
        assertTrue(empty.boundingBox().isEmpty());
        assertTrue(empty.issues().contains("no lung pixels"), empty.issues().toString());

        boolean[] blob = new boolean[W * H];
        fill(blob, 20, 10, 80, 70);
        LungMask one = LungMask.of(W, H, blob, "blob");
        assertTrue(one.flagged());
        assertTrue(one.issues().get(one.issues().size() - 1).contains("one connected region"), one.issues().toString());

        boolean[] everything = new boolean[W * H];
        java.util.Arrays.fill(everything, true);
        assertTrue(LungMask.of(W, H, everything, "all").flagged());

        boolean[] stacked = new boolean[W * H];
        fill(stacked, 20, 5, 80, 35);
        fill(stacked, 20, 45, 80, 75);   // one above the other, not side by side
        LungMask vertical = LungMask.of(W, H, stacked, "stacked");
        assertTrue(vertical.flagged(), vertical.toString());
        assertTrue(vertical.lungs().isEmpty());
    }

    @Test
    void fragmentsAndAnUnbalancedPairLowerTheScore() {
        boolean[] m = new boolean[W * H];
        fill(m, 10, 10, 40, 70);
        fill(m, 60, 15, 85, 70);
        for (int i = 0; i < 40; i++) {
            fill(m, 2 + (i % 8) * 12, 2 + (i / 8) * 2, 3 + (i % 8) * 12, 3 + (i / 8) * 2);   // specks
        }
        assertEquals(1.0, LungMask.of(W, H, m, "specks").quality(), "a few specks are tolerated");

        boolean[] lopsided = new boolean[W * H];
        fill(lopsided, 10, 10, 45, 70);
        fill(lopsided, 70, 40, 74, 48);   // a "left lung" of 32 pixels
        LungMask small = LungMask.of(W, H, lopsided, "lopsided");
        assertTrue(small.flagged(), small.toString());
        assertTrue(small.issues().stream().anyMatch(s -> s.startsWith("second region only")), small.issues().toString());
    }

    @Test
    void rejectsAnArrayOfTheWrongSizeAndCopiesItsInput() {
        assertThrows(IllegalArgumentException.class, () -> LungMask.of(W, H, new boolean[W * H - 1], "x"));
        boolean[] m = new boolean[W * H];
        fill(m, 10, 10, 40, 70);
        LungMask mask = LungMask.of(W, H, m, "copy");
        m[0] = true;
        assertFalse(mask.contains(0, 0));
        XrayImage image = mask.toImage();
        assertEquals(255, image.pixel(20, 20));
        assertEquals(0, image.pixel(0, 0));
    }
}
