package io.github.covidxray.core.testing;

import java.util.Random;

/**
 * The weights of a tiny image classifier, small enough for fast contract tests on every engine:
 * {@code Conv 3x3 (stride 2, padding 1) -> ReLU -> global average pool -> fully connected}. The same
 * weights written as an ONNX graph ({@link TinyOnnx}) and as a DJL block (the PyTorch engine's tests) give
 * the same outputs, which lets the engines be compared without shared fixtures. Immutable by convention:
 * the arrays are not copied, do not modify them.
 *
 * @param inputChannels image channels (1 or 3)
 * @param filters convolution output channels
 * @param classes outputs
 * @param convWeight {@code [filters][inputChannels][3][3]}, flattened
 * @param convBias {@code [filters]}
 * @param fcWeight {@code [classes][filters]}, flattened (PyTorch/DJL {@code Linear} layout)
 * @param fcBias {@code [classes]}
 */
public record TinyNet(int inputChannels, int filters, int classes, float[] convWeight, float[] convBias,
        float[] fcWeight, float[] fcBias) {

    /** The kernel size of the one convolution. */
    public static final int KERNEL = 3;
    /** Its stride. */
    public static final int STRIDE = 2;
    /** Its zero padding on every side. */
    public static final int PADDING = 1;

    /**
     * Seeded random weights, scaled so that the outputs of different images differ clearly.
     *
     * @param inputChannels 1 or 3
     * @param filters convolution channels
     * @param classes outputs
     * @param seed the random seed
     * @return the network
     */
    public static TinyNet random(int inputChannels, int filters, int classes, long seed) {
        Random r = new Random(seed);
        return new TinyNet(inputChannels, filters, classes,
                gaussian(r, filters * inputChannels * KERNEL * KERNEL, 0.5f), gaussian(r, filters, 0.2f),
                gaussian(r, classes * filters, 2f), gaussian(r, classes, 0.5f));
    }

    private static float[] gaussian(Random r, int n, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }
}
