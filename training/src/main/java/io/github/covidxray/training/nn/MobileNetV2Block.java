package io.github.covidxray.training.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * MobileNetV2 laid out exactly as torchvision's {@code mobilenet_v2}: a 3x3 stride-2 stem, seventeen
 * inverted residual blocks (the first without an expansion convolution), a 1x1 convolution to 1280
 * channels (scaled up with widths above 1), global average pooling, dropout and a linear classifier;
 * BatchNorm eps 1e-5, ReLU6. Parameter shapes and {@link #torchvisionParameters() names} match
 * torchvision's {@code state_dict}, so torchvision weights load with {@link TorchvisionWeights}.
 *
 * <p>DJL's model-zoo {@code MobileNetV2} is a different network (1x1 stride-2 stem, extra expansion in
 * the first block) and cannot take these weights. Thread-safety as {@link ClassifierNetwork}.
 */
public final class MobileNetV2Block extends ClassifierNetwork {

    /** The architecture identifier. */
    public static final String ARCHITECTURE = "mobilenetv2";

    // expansion t, output channels c, repeats n, first stride s (torchvision's inverted_residual_setting)
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    private static final int ROUND_TO = 8;

    private MobileNetV2Block(Builder b, int featureSize, Block backbone, Block head, TorchvisionNames names) {
        super(ARCHITECTURE, b.inChannels, b.numClasses, featureSize, backbone, head, names.toMap());
    }

    /** @return a builder; the number of classes is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * torchvision's {@code _make_divisible}: rounds a channel count to a multiple of 8, never going more
     * than 10% below the unrounded value.
     *
     * @param value the unrounded channel count
     * @return the rounded count
     */
    static int makeDivisible(double value) {
        int rounded = Math.max(ROUND_TO, (int) (value + ROUND_TO / 2.0) / ROUND_TO * ROUND_TO);
        return rounded < 0.9 * value ? rounded + ROUND_TO : rounded;
    }

    private static Block invertedResidual(TorchvisionNames names, String prefix, int in, int out, int stride,
            int expansion) {
        int hidden = in * expansion;
        SequentialBlock body = new SequentialBlock();
        int layer = 0;
        if (expansion != 1) {
            body.add(Layers.convBnRelu6(names, prefix + ".conv." + layer++, hidden, 1, 1, 1));
        }
        body.add(Layers.convBnRelu6(names, prefix + ".conv." + layer++, hidden, 3, stride, hidden));
        body.add(names.register(prefix + ".conv." + layer++, Layers.conv(out, 1, 1, 1)));
        body.add(names.register(prefix + ".conv." + layer, Layers.batchNorm()));
        return stride == 1 && in == out ? new Shortcut(Shortcut.Merge.ADD, body) : body;
    }

    /** Options for {@link MobileNetV2Block}. Not thread-safe. */
    public static final class Builder extends ClassifierBuilder<Builder> {

        private float widthMultiplier = 1f;

        private Builder() {
            super(0.2f); // torchvision's dropout
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param widthMultiplier scales every layer's channel count (torchvision's {@code width_mult}); default 1
         * @return this builder
         */
        public Builder optWidthMultiplier(float widthMultiplier) {
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /**
         * @return the network, uninitialised, with torchvision's initialisers for training from scratch
         * @throws IllegalArgumentException if the number of classes is missing or an option is out of range
         */
        public MobileNetV2Block build() {
            validate();
            if (!(widthMultiplier > 0)) {
                throw new IllegalArgumentException("width multiplier must be > 0, got " + widthMultiplier);
            }
            TorchvisionNames names = new TorchvisionNames();
            SequentialBlock features = new SequentialBlock();
            int channels = makeDivisible(32 * widthMultiplier);
            int lastChannels = makeDivisible(1280 * Math.max(1f, widthMultiplier));
            features.add(Layers.convBnRelu6(names, "features.0", channels, 3, 2, 1));
            int index = 1;
            for (int[] s : SETTINGS) {
                int out = makeDivisible(s[1] * widthMultiplier);
                for (int i = 0; i < s[2]; i++) {
                    int stride = i == 0 ? s[3] : 1;
                    features.add(invertedResidual(names, "features." + index++, channels, out, stride, s[0]));
                    channels = out;
                }
            }
            features.add(Layers.convBnRelu6(names, "features." + index, lastChannels, 1, 1, 1));
            features.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
            Block head = newHead(numClasses, dropout, names, "classifier.1");
            // torchvision: Kaiming normal (fan out) convolutions, N(0, 0.01) classifier, zero biases.
            features.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
            head.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
            return new MobileNetV2Block(this, lastChannels, features, head, names);
        }
    }
}
