package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    private static final int OUT = 4;
    private static final int PER_CHANNEL = 6;

    @Test
    void foldedConvolutionEqualsConvolutionThenBatchNorm() {
        Random random = new Random(1);
        float[] w = values(random, OUT * PER_CHANNEL, -1, 1);
        float[] bias = values(random, OUT, -1, 1);
        BatchNormValues bn = new BatchNormValues(values(random, OUT, 0.5f, 1.5f), values(random, OUT, -1, 1),
                values(random, OUT, -1, 1), values(random, OUT, 0.1f, 2f), 1e-5f);
        float[] x = values(random, PER_CHANNEL, -2, 2);
        for (float[] b : new float[][] {bias, null}) {
            BatchNormFolding.Folded folded = BatchNormFolding.fold(w, b, bn);
            for (int o = 0; o < OUT; o++) {
                // A 1x1 convolution over one pixel is a dot product per output channel.
                double conv = (b == null ? 0 : b[o]) + dot(w, o, x);
                double expected = (conv - bn.mean()[o]) / Math.sqrt(bn.var()[o] + bn.epsilon()) * bn.gamma()[o]
                        + bn.beta()[o];
                double actual = folded.bias()[o] + dot(folded.weight(), o, x);
                assertEquals(expected, actual, 1e-5, "channel " + o);
            }
        }
    }

    @Test
    void mismatchedSizesAreRefused() {
        BatchNormValues bn = new BatchNormValues(new float[3], new float[3], new float[3], new float[3], 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(new float[10], null, bn));
        assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(new float[9], new float[2], bn));
    }

    private static double dot(float[] w, int channel, float[] x) {
        double sum = 0;
        for (int j = 0; j < x.length; j++) {
            sum += (double) w[channel * x.length + j] * x[j];
        }
        return sum;
    }

    private static float[] values(Random random, int n, float min, float max) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = min + random.nextFloat() * (max - min);
        }
        return v;
    }
}
