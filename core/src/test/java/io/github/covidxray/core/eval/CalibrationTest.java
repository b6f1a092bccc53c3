package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    private static final double EPS = 1e-12;

    @Test
    void eceMatchesHandComputedValue() {
        int[] trueIdx = {0, 0, 0, 1, 1, 1};
        double[][] probs = {
            {0.7, 0.2, 0.1}, {0.4, 0.5, 0.1}, {0.5, 0.3, 0.2}, {0.2, 0.7, 0.1}, {0.5, 0.4, 0.1}, {0.05, 0.3, 0.65}};
        Calibration cal = Calibration.topLabel(trueIdx, probs, 5);
        // bin (0.4, 0.6]: confidences 0.5 x3, 1 of 3 right -> gap 1/6, weight 1/2
        // bin (0.6, 0.8]: confidences 0.7, 0.7, 0.65, 2 of 3 right -> gap |2/3 - 0.68333|, weight 1/2
        double expected = 0.5 * (1.0 / 6) + 0.5 * Math.abs(2.0 / 3 - (0.7 + 0.7 + 0.65) / 3);
        assertEquals(expected, cal.expectedCalibrationError(), EPS);
        assertEquals(1.0 / 6, cal.maxCalibrationError(), EPS);
        assertArrayEquals(new int[] {0, 0, 3, 3, 0}, cal.binCounts());
        assertTrue(Double.isNaN(cal.binAccuracy()[0]), "empty bin");
    }

    @Test
    void perfectlyCalibratedBinsGiveZero() {
        // confidence 0.75 in one bin, 3 of 4 right
        int[] trueIdx = {0, 0, 0, 1};
        double[][] probs = {{0.75, 0.25}, {0.75, 0.25}, {0.75, 0.25}, {0.75, 0.25}};
        assertEquals(0.0, Calibration.topLabel(trueIdx, probs, 15).expectedCalibrationError(), EPS);
    }

    @Test
    void confidenceOfOneFallsInLastBin() {
        Calibration cal = Calibration.topLabel(new int[] {1}, new double[][] {{0.0, 1.0}}, 15);
        assertEquals(1, cal.binCounts()[14]);
        assertEquals(0.0, cal.expectedCalibrationError(), EPS);
    }

    @Test
    void rejectsNonProbabilities() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.topLabel(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.9, 0.9}}, 15));
        assertTrue(e.getMessage().contains("probs[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.topLabel(new int[] {0}, new double[][] {{0.5, 0.5}}, 0));
    }
}
