package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdChoiceTest {

    private static final double EPS = 1e-12;
    /** Positives 0.9, 0.8, 0.7, 0.3; negatives 0.85, 0.6, 0.5, 0.2, 0.1. */
    private static final boolean[] POSITIVE = {true, true, true, true, false, false, false, false, false};
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.3, 0.85, 0.6, 0.5, 0.2, 0.1};

    @Test
    void picksLargestThresholdReachingTarget() {
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity("covid", POSITIVE, SCORES, 0.75);
        assertEquals(0.7, op.threshold(), EPS);
        assertEquals(3, op.truePositives());
        assertEquals(1, op.falseNegatives());
        assertEquals(1, op.falsePositives());
        assertEquals(4, op.trueNegatives());
        assertEquals(0.75, op.sensitivity(), EPS);
        assertEquals(0.8, op.specificity(), EPS);
        assertEquals(0.75, op.ppv(), EPS);
        assertEquals(0.8, op.npv(), EPS);
    }

    @Test
    void higherTargetCostsSpecificity() {
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity("covid", POSITIVE, SCORES, 0.95);
        assertEquals(0.3, op.threshold(), EPS);
        assertEquals(1.0, op.sensitivity(), EPS);
        assertEquals(0.4, op.specificity(), EPS);
        assertEquals(0.95, op.targetSensitivity(), EPS);
    }

    @Test
    void negativeTiedAtThresholdCountsAsCalledPositive() {
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity("x", new boolean[] {true, false, false},
                new double[] {0.5, 0.5, 0.1}, 1.0);
        assertEquals(0.5, op.threshold(), EPS);
        assertEquals(1, op.falsePositives());
        assertEquals(0.5, op.specificity(), EPS);
    }

    @Test
    void fixedThresholdIsMeasured() {
        ThresholdChoice op = ThresholdChoice.atThreshold("covid", POSITIVE, SCORES, 0.65);
        assertEquals(3, op.truePositives());
        assertEquals(1, op.falsePositives());
        assertTrue(Double.isNaN(op.targetSensitivity()));
    }

    @Test
    void noPositivesGivesUndefinedThreshold() {
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity("x", new boolean[] {false, false},
                new double[] {0.4, 0.6}, 0.95);
        assertFalse(op.isDefined());
        assertTrue(Double.isNaN(op.sensitivity()));
        assertEquals(2, op.trueNegatives());
    }

    @Test
    void multiClassFormUsesTheClassProbability() {
        double[][] probs = {{0.6, 0.4}, {0.3, 0.7}, {0.45, 0.55}};
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity(List.of("covid", "normal"), new int[] {0, 0, 1}, probs,
                0, 1.0);
        assertEquals(0.3, op.threshold(), EPS);
        assertEquals(0.0, op.specificity(), EPS);
    }

    @Test
    void rejectsTargetOutsideRange() {
        assertThrows(IllegalArgumentException.class,
                () -> ThresholdChoice.forTargetSensitivity("x", POSITIVE, SCORES, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ThresholdChoice.forTargetSensitivity("x", POSITIVE, SCORES, 1.2));
    }

    @Test
    void multiClassAtThresholdMeasuresOneColumn() {
        java.util.List<String> labels = java.util.List.of("covid", "normal", "pneumonia");
        int[] truth = {0, 0, 1, 2, 1};
        double[][] probs = {{0.9, 0.05, 0.05}, {0.3, 0.6, 0.1}, {0.4, 0.5, 0.1}, {0.1, 0.2, 0.7}, {0.1, 0.8, 0.1}};
        ThresholdChoice at = ThresholdChoice.atThreshold(labels, truth, probs, 0, 0.35);
        org.junit.jupiter.api.Assertions.assertEquals(1, at.truePositives());
        org.junit.jupiter.api.Assertions.assertEquals(1, at.falseNegatives());
        org.junit.jupiter.api.Assertions.assertEquals(1, at.falsePositives());
        org.junit.jupiter.api.Assertions.assertEquals(2, at.trueNegatives());
    }
}
