package io.github.covidxray.training.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Small factories for the layers torchvision's networks are made of, with torchvision's defaults. */
final class Layers {

    /** torchvision's {@code BatchNorm2d} defaults: eps 1e-5, momentum 0.1 (DJL counts momentum the other way). */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private static final float DJL_BATCH_NORM_MOMENTUM = 0.9f;

    private Layers() {}

    /**
     * A bias-free convolution with torchvision's "same" padding {@code (k - 1) / 2}.
     *
     * @param filters output channels
     * @param kernel square kernel size
     * @param stride the stride
     * @param groups 1 for a full convolution, the channel count for a depthwise one
     * @return the convolution
     */
    static Conv2d conv(int filters, int kernel, int stride, int groups) {
        int pad = (kernel - 1) / 2;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optGroups(groups)
                .optBias(false)
                .build();
    }

    /** @return a batch normalisation over channels (axis 1) with torchvision's epsilon and momentum */
    static BatchNorm batchNorm() {
        return BatchNorm.builder()
                .optAxis(1)
                .optEpsilon(BATCH_NORM_EPSILON)
                .optMomentum(DJL_BATCH_NORM_MOMENTUM)
                .build();
    }

    /**
     * torchvision's {@code Conv2dNormActivation} with ReLU6, registered as {@code prefix.0} (conv) and
     * {@code prefix.1} (batch norm).
     *
     * @param names the name registry
     * @param prefix the torchvision module path
     * @param filters output channels
     * @param kernel kernel size
     * @param stride stride
     * @param groups groups
     * @return conv, batch norm, ReLU6
     */
    static Block convBnRelu6(TorchvisionNames names, String prefix, int filters, int kernel, int stride, int groups) {
        return new SequentialBlock()
                .add(names.register(prefix + ".0", conv(filters, kernel, stride, groups)))
                .add(names.register(prefix + ".1", batchNorm()))
                .add(Activation.relu6Block());
    }
}
