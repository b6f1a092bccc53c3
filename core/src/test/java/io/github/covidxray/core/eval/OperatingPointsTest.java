package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.model.OperatingPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatingPointsTest {

    private static final List<String> LABELS = List.of("covid", "normal");
    // covid cases score 0.9, 0.8, 0.7, 0.4; normals 0.6, 0.3, 0.2, 0.1, 0.05
    private static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 1, 1, 1};
    private static final double[] COVID = {0.9, 0.8, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1, 0.05};

    private static double[][] probabilities(double[] covid) {
        double[][] p = new double[covid.length][];
        for (int i = 0; i < covid.length; i++) {
            p[i] = new double[] {covid[i], 1 - covid[i]};
        }
        return p;
    }

    @Test
    void storesTheThresholdHalfwayBelowTheBoundaryScoreWithTheSameCounts() {
        OperatingPoint point = OperatingPoints.choose(LABELS, TRUTH, probabilities(COVID), "covid", 0.75);
        // 3 of 4 covid cases need 0.7; the next lower score is 0.6, so the stored threshold is 0.65.
        assertEquals(0.65, point.threshold(), 1e-12);
        assertEquals(0.75, point.sensitivity(), 1e-12);
        assertEquals(1.0, point.specificity(), 1e-12, "every normal, the 0.6 one included, is below 0.65");
        assertEquals(0.75, point.targetSensitivity(), 1e-12);
        ThresholdChoice atBoundary = ThresholdChoice.forTargetSensitivity(LABELS, TRUTH, probabilities(COVID), 0, 0.75);
        assertEquals(atBoundary.sensitivity(), point.sensitivity());
        assertEquals(atBoundary.specificity(), point.specificity());
    }

    @Test
    void engineRoundingCannotFlipTheBoundaryCase() {
        OperatingPoint point = OperatingPoints.choose(LABELS, TRUTH, probabilities(COVID), "covid", 0.75);
        // The boundary case scored 1e-7 lower by another engine is still flagged.
        Prediction shifted = Prediction.of(LABELS, new double[] {0.7 - 1e-7, 0.3 + 1e-7}, point);
        assertTrue(shifted.flagged());
    }

    @Test
    void withNothingBelowTheBoundaryTheBoundaryScoreIsStored() {
        OperatingPoint point = OperatingPoints.choose(LABELS, new int[] {0, 0, 1},
                probabilities(new double[] {0.9, 0.2, 0.5}), "covid", 1.0);
        assertEquals(0.2, point.threshold(), 1e-12, "the lowest score is a covid case that must be flagged");
        assertEquals(1.0, point.sensitivity(), 1e-12);
        assertEquals(0.0, point.specificity(), 1e-12);
    }

    @Test
    void namesAMissingClassOrMissingCases() {
        IllegalArgumentException noClass = assertThrows(IllegalArgumentException.class,
                () -> OperatingPoints.choose(LABELS, TRUTH, probabilities(COVID), "pneumonia", 0.9));
        assertTrue(noClass.getMessage().contains("no class 'pneumonia'"), noClass.getMessage());
        IllegalArgumentException noCases = assertThrows(IllegalArgumentException.class,
                () -> OperatingPoints.choose(LABELS, new int[] {1, 1}, probabilities(new double[] {0.2, 0.3}), "covid",
                        0.9));
        assertTrue(noCases.getMessage().contains("no 'covid' case"), noCases.getMessage());
    }
}
