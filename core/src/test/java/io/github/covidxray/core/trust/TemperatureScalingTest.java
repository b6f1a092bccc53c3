package io.github.covidxray.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

    /** Logits that are the true log-odds times {@code scale}: the best temperature is {@code scale}. */
    private static float[][] overconfident(int n, double scale, int[] truth, long seed) {
        Random r = new Random(seed);
        float[][] logits = new float[n][3];
        for (int i = 0; i < n; i++) {
            double[] z = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            double sum = 0;
            double[] p = new double[3];
            for (int k = 0; k < 3; k++) {
                p[k] = Math.exp(z[k] - max);
                sum += p[k];
            }
            double u = r.nextDouble() * sum;
            truth[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            for (int k = 0; k < 3; k++) {
                logits[i][k] = (float) (z[k] * scale);
            }
        }
        return logits;
    }

    @Test
    void recoversTheScaleOfOverconfidentLogits() {
        int[] truth = new int[20000];
        float[][] logits = overconfident(truth.length, 2.5, truth, 1);
        double t = TemperatureScaling.fit(logits, truth);
        assertEquals(2.5, t, 0.15);
        assertTrue(TemperatureScaling.nll(logits, truth, t) < TemperatureScaling.nll(logits, truth, 1.0));
    }

    @Test
    void wellCalibratedLogitsKeepATemperatureNearOne() {
        int[] truth = new int[20000];
        float[][] logits = overconfident(truth.length, 1.0, truth, 2);
        assertEquals(1.0, TemperatureScaling.fit(logits, truth), 0.08);
    }
}
