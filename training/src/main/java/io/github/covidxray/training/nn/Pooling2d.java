package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Square max or average pooling over NCHW input whose settings can be read back, unlike DJL's
 * {@code Pool.maxPool2dBlock}, which hides them in a lambda; exporters (ONNX) need them. Floor rounding of
 * the output size; average pooling counts padding, as PyTorch's {@code AvgPool2d} defaults. Saves exactly
 * as DJL's pooling lambda block does, so {@code .params} files are interchangeable. Immutable and thread-safe.
 */
public final class Pooling2d extends AbstractBlock {

    // The version DJL's LambdaBlock writes, so the saved bytes do not change.
    private static final byte VERSION = 2;

    /** The pooling function. */
    public enum Kind {
        /** Maximum over the window. */
        MAX,
        /** Mean over the window, padding counted. */
        AVERAGE
    }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;

    private Pooling2d(Kind kind, int kernel, int stride, int padding) {
        super(VERSION);
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("expected kernel >= 1, stride >= 1, 0 <= padding <= kernel / 2, got "
                    + kernel + ", " + stride + ", " + padding);
        }
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * @param kernel window side
     * @param stride step
     * @param padding zero padding on every side (ignored by the maximum)
     * @return a max pooling block
     */
    public static Pooling2d max(int kernel, int stride, int padding) {
        return new Pooling2d(Kind.MAX, kernel, stride, padding);
    }

    /**
     * @param kernel window side
     * @param stride step
     * @param padding zero padding on every side
     * @return an average pooling block
     */
    public static Pooling2d average(int kernel, int stride, int padding) {
        return new Pooling2d(Kind.AVERAGE, kernel, stride, padding);
    }

    /** @return max or average */
    public Kind kind() {
        return kind;
    }

    /** @return the window side */
    public int kernel() {
        return kernel;
    }

    /** @return the step */
    public int stride() {
        return stride;
    }

    /** @return the padding on every side */
    public int padding() {
        return padding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        return new NDList(kind == Kind.MAX
                ? Pool.maxPool2d(x, k, s, p, false)
                : Pool.avgPool2d(x, k, s, p, false, true));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outputSize(in.get(2)), outputSize(in.get(3)))};
    }

    private long outputSize(long size) {
        return (size + 2L * padding - kernel) / stride + 1;
    }

    @Override
    public String toString() {
        return "Pooling2d(" + kind + ", kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
    }
}
