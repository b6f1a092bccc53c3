package io.github.covidxray.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy on logits with a weight per class, averaged as PyTorch's
 * {@code CrossEntropyLoss(weight=...)}: {@code sum_i w[y_i] * nll_i / sum_i w[y_i]}. With all weights 1 it
 * is the plain mean cross-entropy. Uses only engine-neutral operators. Thread-safe (immutable weights).
 */
final class WeightedCrossEntropyLoss extends Loss {

    private final float[] classWeights;

    /**
     * @param classWeights one positive weight per class
     */
    WeightedCrossEntropyLoss(float[] classWeights) {
        super("WeightedCrossEntropy");
        this.classWeights = classWeights.clone();
    }

    /**
     * @param counts training images per class
     * @return weights {@code n / (k * n_c)}, 0 for an empty class
     */
    static float[] balancedWeights(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        float[] w = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            w[i] = counts[i] == 0 ? 0f : (float) n / (counts.length * (float) counts[i]);
        }
        return w;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray oneHot = labels.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT32, false)
                .oneHot(classWeights.length);
        NDArray nll = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        NDArray w = oneHot.mul(logits.getManager().create(classWeights)).sum(new int[] {1});
        return nll.mul(w).sum().div(w.sum());
    }
}
