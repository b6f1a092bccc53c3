package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Nearest-neighbour upsampling of {@code [N, C, H, W]} by an integer factor: every pixel becomes a
 * {@code factor x factor} block. No parameters. (DJL's PyTorch engine has no transposed convolution, so a
 * U-Net upsamples with this and a convolution.) Public so exporters can read the factor. Thread-safe.
 */
public final class NearestUpsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int factor;

    /**
     * @param factor the scale, at least 2
     */
    public NearestUpsample(int factor) {
        super(VERSION);
        if (factor < 2) {
            throw new IllegalArgumentException("upsampling factor must be >= 2, got " + factor);
        }
        this.factor = factor;
    }

    /** @return the scale factor */
    public int factor() {
        return factor;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.repeat(2, factor).repeat(3, factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) * factor, in.get(3) * factor)};
    }

    @Override
    public String toString() {
        return "NearestUpsample(" + factor + ")";
    }
}
