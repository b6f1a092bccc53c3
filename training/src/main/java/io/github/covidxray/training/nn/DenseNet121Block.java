package io.github.covidxray.training.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;

/**
 * DenseNet-121 laid out exactly as torchvision's {@code densenet121}: a 7x7 stride-2 stem with max
 * pooling, four dense blocks of 6, 12, 24 and 16 layers (growth rate 32, bottleneck width 4 x 32), transitions
 * halving the channels (compression 0.5) and the resolution, a final BatchNorm and ReLU, global average
 * pooling and a linear classifier. Parameter shapes and {@link #torchvisionParameters() names} match
 * torchvision's {@code state_dict}, so torchvision weights load with {@link TorchvisionWeights}.
 *
 * <p>Each dense layer appends its 32 new channels to its input (mathematically the same as torchvision
 * concatenating all earlier outputs). Thread-safety as {@link ClassifierNetwork}.
 */
public final class DenseNet121Block extends ClassifierNetwork {

    /** The architecture identifier. */
    public static final String ARCHITECTURE = "densenet121";

    private static final int[] BLOCK_LAYERS = {6, 12, 24, 16};
    private static final int GROWTH = 32;
    private static final int BOTTLENECK = 4;
    private static final int STEM_CHANNELS = 64;

    private DenseNet121Block(Builder b, int featureSize, Block backbone, Block head, TorchvisionNames names) {
        super(ARCHITECTURE, b.inChannels, b.numClasses, featureSize, backbone, head, names.toMap());
    }

    /** @return a builder; the number of classes is required */
    public static Builder builder() {
        return new Builder();
    }

    private static Block denseLayer(TorchvisionNames names, String prefix) {
        SequentialBlock body = new SequentialBlock()
                .add(names.register(prefix + ".norm1", Layers.batchNorm()))
                .add(Activation.reluBlock())
                .add(names.register(prefix + ".conv1", Layers.conv(BOTTLENECK * GROWTH, 1, 1, 1)))
                .add(names.register(prefix + ".norm2", Layers.batchNorm()))
                .add(Activation.reluBlock())
                .add(names.register(prefix + ".conv2", Layers.conv(GROWTH, 3, 1, 1)));
        return new Shortcut(Shortcut.Merge.CONCAT, body);
    }

    private static Block transition(TorchvisionNames names, String prefix, int outChannels) {
        return new SequentialBlock()
                .add(names.register(prefix + ".norm", Layers.batchNorm()))
                .add(Activation.reluBlock())
                .add(names.register(prefix + ".conv", Layers.conv(outChannels, 1, 1, 1)))
                .add(Pooling2d.average(2, 2, 0));
    }

    /** Options for {@link DenseNet121Block}; dropout defaults to 0 as torchvision has none. Not thread-safe. */
    public static final class Builder extends ClassifierBuilder<Builder> {

        private Builder() {
            super(0f);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @return the network, uninitialised, with torchvision's initialisers for training from scratch
         * @throws IllegalArgumentException if the number of classes is missing or an option is out of range
         */
        public DenseNet121Block build() {
            validate();
            TorchvisionNames names = new TorchvisionNames();
            SequentialBlock features = new SequentialBlock()
                    .add(names.register("features.conv0", Layers.conv(STEM_CHANNELS, 7, 2, 1)))
                    .add(names.register("features.norm0", Layers.batchNorm()))
                    .add(Activation.reluBlock())
                    .add(Pooling2d.max(3, 2, 1));
            int channels = STEM_CHANNELS;
            for (int b = 0; b < BLOCK_LAYERS.length; b++) {
                for (int l = 0; l < BLOCK_LAYERS[b]; l++) {
                    features.add(denseLayer(names, "features.denseblock" + (b + 1) + ".denselayer" + (l + 1)));
                }
                channels += BLOCK_LAYERS[b] * GROWTH;
                if (b < BLOCK_LAYERS.length - 1) {
                    channels /= 2;
                    features.add(transition(names, "features.transition" + (b + 1), channels));
                }
            }
            features.add(names.register("features.norm5", Layers.batchNorm()))
                    .add(Activation.reluBlock())
                    .add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock());
            Block head = newHead(numClasses, dropout, names, "classifier");
            // torchvision: Kaiming normal (fan in) convolutions; PyTorch's default for the classifier.
            features.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
            return new DenseNet121Block(this, channels, features, head, names);
        }
    }
}
