package io.github.covidxray.core.eval;

import java.util.Random;

/** Noisy but informative class probabilities generated for tests. */
record SyntheticPredictions(int[] trueIdx, double[][] probs) {

    /**
     * @param n samples
     * @param numClasses classes, assigned round-robin
     * @param signal how much the true class's logit is raised; 0 gives chance-level predictions
     * @param seed the random seed
     */
    static SyntheticPredictions generate(int n, int numClasses, double signal, long seed) {
        Random random = new Random(seed);
        int[] trueIdx = new int[n];
        double[][] probs = new double[n][];
        for (int i = 0; i < n; i++) {
            trueIdx[i] = i % numClasses;
            double[] logits = new double[numClasses];
            for (int c = 0; c < numClasses; c++) {
                logits[c] = random.nextGaussian() + (c == trueIdx[i] ? signal : 0);
            }
            probs[i] = softmax(logits);
        }
        return new SyntheticPredictions(trueIdx, probs);
    }

    private static double[] softmax(double[] logits) {
        double sum = 0;
        double[] p = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(logits[c]);
            sum += p[c];
        }
        for (int c = 0; c < logits.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
