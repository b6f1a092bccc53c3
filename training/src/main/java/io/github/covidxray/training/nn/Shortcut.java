package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Wraps a block {@code f} and merges its output with its input: {@code x + f(x)} (MobileNetV2's inverted
 * residual) or {@code concat(x, f(x))} along channels (a DenseNet layer appending its new feature maps).
 * Public so exporters can read the merge and the wrapped block. Thread-safe for concurrent inference once initialised, like DJL's own blocks.
 */
public final class Shortcut extends AbstractBlock {

    private static final byte VERSION = 1;

    /** How the input and the wrapped block's output are merged. */
    public enum Merge {
        /** Element-wise sum; shapes must match. */
        ADD,
        /** Concatenation along the channel axis (1). */
        CONCAT
    }

    private final Merge merge;
    private final Block body;

    Shortcut(Merge merge, Block body) {
        super(VERSION);
        this.merge = merge;
        this.body = addChildBlock("body", body);
    }

    /** @return how the input and the body's output are merged */
    public Merge merge() {
        return merge;
    }

    /** @return the wrapped block {@code f} */
    public Block body() {
        return body;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = body.forward(store, inputs, training, params).singletonOrThrow();
        return new NDList(merge == Merge.ADD ? y.add(x) : x.concat(y, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = body.getOutputShapes(inputShapes)[0];
        if (merge == Merge.ADD) {
            return new Shape[] {out};
        }
        return new Shape[] {new Shape(in.get(0), in.get(1) + out.get(1), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }
}
