package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Locale;

/**
 * A small U-Net for binary segmentation: at each of {@code depth} levels two 3x3 convolutions (BatchNorm,
 * ReLU) whose output is kept for a skip connection, 2x2 max pooling down, and on the way up nearest-neighbour
 * upsampling and a 3x3 convolution, concatenated with the skip, then two 3x3 convolutions again. A 1x1
 * convolution gives one logit per pixel.
 *
 * <p>Input {@code [N, C, H, W]} with H and W multiples of {@code 2^depth}; output {@code [N, H * W]}:
 * per-pixel logits (sigmoid not applied), flattened row by row so that a segmentation model has the same
 * {@code (N, values)} output shape as a classifier and runs through the same engine code.
 *
 * <p>Made only of blocks the ONNX exporter translates (convolution, BatchNorm, ReLU, max pooling,
 * nearest upsampling, channel concatenation through {@link Shortcut}). Inference on an initialised
 * network is thread-safe; training is not.
 */
public final class UNetBlock extends AbstractBlock {

    /** The architecture's base name in {@code model.json}; the full name adds the base width, {@code unet-16}. */
    public static final String ARCHITECTURE = "unet";

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int baseFilters;
    private final int depth;
    private final Block body;

    private UNetBlock(int inChannels, int baseFilters, int depth) {
        super(VERSION);
        if (inChannels != 1 && inChannels != 3) {
            throw new IllegalArgumentException("inChannels must be 1 or 3, got " + inChannels);
        }
        if (baseFilters < 1 || baseFilters > 256 || depth < 1 || depth > 6) {
            throw new IllegalArgumentException("expected 1..256 base filters and depth 1..6, got " + baseFilters
                    + " and " + depth);
        }
        this.inChannels = inChannels;
        this.baseFilters = baseFilters;
        this.depth = depth;
        SequentialBlock net = new SequentialBlock()
                .add(level(0))
                .add(Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build())
                .add(Blocks.batchFlattenBlock());
        this.body = addChildBlock("body", net);
    }

    /**
     * @param inChannels 1 (gray) or 3
     * @param baseFilters filters at the first level, doubled at every level down (16 is plenty for lungs)
     * @param depth number of poolings (4 for 128 px input: the bottom is 8x8)
     * @return an uninitialised network
     */
    public static UNetBlock create(int inChannels, int baseFilters, int depth) {
        return new UNetBlock(inChannels, baseFilters, depth);
    }

    /**
     * Builds a network from its architecture name, {@code unet-<base filters>} (depth 4).
     *
     * @param architecture the name, for example {@code unet-16}
     * @param inChannels input channels
     * @return the network, or throws
     * @throws IllegalArgumentException if the name is not a U-Net name
     */
    public static UNetBlock fromName(String architecture, int inChannels) {
        String name = architecture.trim().toLowerCase(Locale.ROOT);
        if (!name.startsWith(ARCHITECTURE + "-")) {
            throw new IllegalArgumentException("not a U-Net architecture name: '" + architecture + "' (expected unet-<filters>)");
        }
        try {
            return create(inChannels, Integer.parseInt(name.substring(ARCHITECTURE.length() + 1)), 4);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a U-Net architecture name: '" + architecture
                    + "' (expected unet-<filters>)", e);
        }
    }

    /** @return the architecture name recorded in bundles, {@code unet-<base filters>} */
    public String architecture() {
        return ARCHITECTURE + "-" + baseFilters;
    }

    /** @return input channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return the number of poolings; input sides must be multiples of {@code 2^depth} */
    public int depth() {
        return depth;
    }

    /** @return the whole network as one sequence (what exporters walk) */
    public Block body() {
        return body;
    }

    /** Level {@code i}: convolutions, then (above the bottom) down, the next level, up, concat, convolutions. */
    private Block level(int i) {
        int filters = baseFilters << i;
        Block encode = doubleConv(filters);
        if (i == depth) {
            return encode;
        }
        Block inner = new SequentialBlock()
                .add(Pooling2d.max(2, 2, 0))
                .add(level(i + 1))
                .add(new NearestUpsample(2))
                .add(Layers.conv(filters, 3, 1, 1)).add(Layers.batchNorm()).add(Activation.reluBlock());
        return new SequentialBlock()
                .add(encode)
                .add(new Shortcut(Shortcut.Merge.CONCAT, inner))
                .add(doubleConv(filters));
    }

    private static Block doubleConv(int filters) {
        return new SequentialBlock()
                .add(Layers.conv(filters, 3, 1, 1)).add(Layers.batchNorm()).add(Activation.reluBlock())
                .add(Layers.conv(filters, 3, 1, 1)).add(Layers.batchNorm()).add(Activation.reluBlock());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Shape shape = inputs.singletonOrThrow().getShape();
        long multiple = 1L << depth;
        if (shape.dimension() != 4 || shape.get(2) % multiple != 0 || shape.get(3) % multiple != 0) {
            throw new IllegalArgumentException("U-Net input must be [N, C, H, W] with H and W multiples of "
                    + multiple + ", got " + shape);
        }
        return body.forward(store, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(2) * in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }

    @Override
    public String toString() {
        return architecture() + "(in=" + inChannels + ", depth=" + depth + ")";
    }
}
