package io.github.covidxray.engine.pytorch;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.github.covidxray.core.testing.TinyNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** {@link TinyNet} as a DJL block, and saved as a DJL {@code .params} file. */
final class TinyBlocks {

    /** The architecture name {@link TinyArchitectureProvider} builds. */
    static final String ARCHITECTURE = "tiny-cnn";
    /** Convolution channels of that architecture. */
    static final int FILTERS = 6;

    private TinyBlocks() {}

    /** @return an uninitialised block with TinyNet's layers */
    static Block network(int classes) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(TinyNet.KERNEL, TinyNet.KERNEL))
                        .optStride(new Shape(TinyNet.STRIDE, TinyNet.STRIDE))
                        .optPadding(new Shape(TinyNet.PADDING, TinyNet.PADDING)).setFilters(FILTERS).build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * Saves {@code net}'s weights as DJL parameters.
     *
     * @param net the weights ({@link #FILTERS} filters)
     * @param file the {@code .params} file to write
     * @return {@code file}
     */
    static Path saveParams(TinyNet net, Path file) throws IOException {
        if (net.filters() != FILTERS) {
            throw new IllegalArgumentException("tiny-cnn has " + FILTERS + " filters, the net " + net.filters());
        }
        Path dir = Files.createTempDirectory(file.getParent(), "save");
        try (Model model = Model.newInstance("tiny", PyTorchBackend.ENGINE)) {
            SequentialBlock block = (SequentialBlock) network(net.classes());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, net.inputChannels(), 16, 16));
            var layers = block.getChildren();
            layers.get(0).getValue().getParameters().get("weight").getArray().set(net.convWeight());
            layers.get(0).getValue().getParameters().get("bias").getArray().set(net.convBias());
            layers.get(4).getValue().getParameters().get("weight").getArray().set(net.fcWeight());
            layers.get(4).getValue().getParameters().get("bias").getArray().set(net.fcBias());
            model.save(dir, "tiny");
        }
        try (Stream<Path> saved = Files.list(dir)) {
            Path params = saved.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
            Files.move(params, file);
        }
        Files.delete(dir);
        return file;
    }
}
