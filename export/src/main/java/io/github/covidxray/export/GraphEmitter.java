package io.github.covidxray.export;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.Pooling2d;
import io.github.covidxray.training.nn.NearestUpsample;
import io.github.covidxray.training.nn.Shortcut;
import io.github.covidxray.training.nn.UNetBlock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Translates a network, block by block, into nodes of an {@link ONNXContext}, in inference mode: dropout
 * vanishes, BatchNorm uses its running statistics. Initializers are named after torchvision's
 * {@code state_dict} where the network records those names, else after their place in the block tree.
 * One emitter per export; not thread-safe.
 */
final class GraphEmitter {

    private static final float RELU6_MAX = 6f;

    private final ONNXContext context;
    private final boolean foldBatchNorm;
    private final Map<Parameter, String> names = new IdentityHashMap<>();
    private ONNXInitializer zero;
    private ONNXInitializer six;
    private int foldedBatchNorms;
    private int batchNormNodes;
    private long weightCount;

    /**
     * @param context the graph being built
     * @param parameterNames names for initializers (torchvision's {@code state_dict} names), possibly empty
     * @param foldBatchNorm true to fold BatchNorm into a directly preceding convolution
     */
    GraphEmitter(ONNXContext context, Map<String, Parameter> parameterNames, boolean foldBatchNorm) {
        this.context = context;
        this.foldBatchNorm = foldBatchNorm;
        parameterNames.forEach((name, parameter) -> names.put(parameter, name));
    }

    /** @return how many BatchNorms were folded into convolutions */
    int foldedBatchNorms() {
        return foldedBatchNorms;
    }

    /** @return how many BatchNormalization nodes were written */
    int batchNormNodes() {
        return batchNormNodes;
    }

    /** @return the number of float weights written */
    long weightCount() {
        return weightCount;
    }

    /**
     * @param block the block to translate
     * @param x its input
     * @param path where the block sits, for names and messages
     * @return its output
     * @throws UnsupportedBlockException for a block with no translation
     */
    ONNXRef<?> emit(Block block, ONNXRef<?> x, String path) {
        if (block instanceof ClassifierNetwork network) {
            ONNXRef<?> features = emit(network.backbone(), x, "backbone");
            return emit(network.head(), features, "head");
        } else if (block instanceof UNetBlock unet) {
            return emit(unet.body(), x, path + "/unet");
        } else if (block instanceof NearestUpsample upsample) {
            return upsample(upsample, x, path);
        } else if (block instanceof SequentialBlock sequence) {
            return sequence(sequence, x, path);
        } else if (block instanceof Shortcut shortcut) {
            ONNXRef<?> y = emit(shortcut.body(), x, path + "/body");
            return shortcut.merge() == Shortcut.Merge.ADD
                    ? context.operation(ONNXOperators.ADD, List.of(y, x), path + "/add")
                    : context.operation(ONNXOperators.CONCAT, List.of(x, y), path + "/concat", Map.of("axis", 1));
        } else if (block instanceof Conv2d conv) {
            return conv(conv, null, x, path);
        } else if (block instanceof BatchNorm bn) {
            return batchNorm(bn, x, path);
        } else if (block instanceof Linear linear) {
            return linear(linear, x, path);
        } else if (block instanceof Dropout) {
            return x;
        } else if (block instanceof Pooling2d pool) {
            return pool(pool, x, path);
        } else if (block instanceof LambdaBlock lambda) {
            return lambda(lambda, x, path);
        }
        throw new UnsupportedBlockException(path, block, "no ONNX translation for this kind of block");
    }

    private ONNXRef<?> sequence(SequentialBlock sequence, ONNXRef<?> x, String path) {
        return sequence(sequence, 0, sequence.getChildren().size(), x, path);
    }

    /**
     * @param sequence a sequential block
     * @param from the first child to translate
     * @param to one past the last
     * @param x the input of child {@code from}
     * @param path where the block sits
     * @return the output of child {@code to - 1}
     */
    ONNXRef<?> sequence(SequentialBlock sequence, int from, int to, ONNXRef<?> x, String path) {
        BlockList children = sequence.getChildren();
        ONNXRef<?> current = x;
        for (int i = from; i < to; i++) {
            Block child = children.valueAt(i);
            String childPath = path + "/" + children.keyAt(i);
            if (foldBatchNorm && child instanceof Conv2d conv && i + 1 < to
                    && children.valueAt(i + 1) instanceof BatchNorm bn) {
                BatchNormValues stats = BatchNormValues.of(bn, path + "/" + children.keyAt(i + 1));
                current = conv(conv, stats, current, childPath);
                foldedBatchNorms++;
                i++;
            } else {
                current = emit(child, current, childPath);
            }
        }
        return current;
    }

    private ONNXRef<?> conv(Conv2d conv, BatchNormValues foldedStats, ONNXRef<?> x, String path) {
        Parameter weight = conv.getDirectParameters().get("weight");
        Parameter bias = conv.isIncludeBias() ? conv.getDirectParameters().get("bias") : null;
        float[] w = weight.getArray().toFloatArray();
        float[] b = bias == null ? null : bias.getArray().toFloatArray();
        if (foldedStats != null) {
            BatchNormFolding.Folded folded = BatchNormFolding.fold(w, b, foldedStats);
            w = folded.weight();
            b = folded.bias();
        }
        String weightName = nameOf(weight, path);
        List<ONNXRef<?>> inputs = new ArrayList<>(List.of(x, tensor(weightName, weight.getArray().getShape(), w)));
        if (b != null) {
            String biasName = bias != null ? nameOf(bias, path)
                    : weightName.endsWith(".weight") ? weightName.replaceAll("weight$", "bias") : weightName + ".bias";
            inputs.add(tensor(biasName, new Shape(b.length), b));
        }
        int[] padding = pair(conv.getPadding(), 0, conv, path);
        return context.operation(CnnOperator.CONV, inputs, path, Map.of(
                "kernel_shape", pair(conv.getKernelShape(), 1, conv, path),
                "strides", pair(conv.getStride(), 1, conv, path),
                "pads", new int[] {padding[0], padding[1], padding[0], padding[1]},
                "dilations", pair(conv.getDilation(), 1, conv, path),
                "group", conv.getGroups()));
    }

    /**
     * The linear head applied at every position of the feature maps, as a 1x1 convolution without the bias:
     * {@code [N, F, h, w]} to {@code [N, classes, h, w]}.
     *
     * @param linear the head's linear layer, weight {@code [classes, F]}
     * @param maps the last feature maps before pooling
     * @param path where it sits, for names
     * @return the class activation maps
     */
    ONNXRef<?> classActivationMaps(Linear linear, ONNXRef<?> maps, String path) {
        Parameter weight = linear.getDirectParameters().get("weight");
        Shape shape = weight.getArray().getShape();
        Shape asConv = new Shape(shape.get(0), shape.get(1), 1, 1);
        ONNXInitializer kernel = tensor(nameOf(weight, path) + ".as_1x1_conv", asConv, weight.getArray().toFloatArray());
        return context.operation(CnnOperator.CONV, List.of(maps, kernel), path, Map.of(
                "kernel_shape", new int[] {1, 1}, "strides", new int[] {1, 1}, "pads", new int[] {0, 0, 0, 0}));
    }

    private ONNXRef<?> batchNorm(BatchNorm bn, ONNXRef<?> x, String path) {
        BatchNormValues v = BatchNormValues.of(bn, path);
        Shape shape = new Shape(v.gamma().length);
        var params = bn.getDirectParameters();
        List<ONNXRef<?>> inputs = List.of(x,
                tensor(nameOf(params.get("gamma"), path), shape, v.gamma()),
                tensor(nameOf(params.get("beta"), path), shape, v.beta()),
                tensor(nameOf(params.get("runningMean"), path), shape, v.mean()),
                tensor(nameOf(params.get("runningVar"), path), shape, v.var()));
        batchNormNodes++;
        return context.operation(CnnOperator.BATCH_NORMALIZATION, inputs, path, Map.of("epsilon", v.epsilon()));
    }

    private ONNXRef<?> linear(Linear linear, ONNXRef<?> x, String path) {
        Parameter weight = linear.getDirectParameters().get("weight");
        List<ONNXRef<?>> inputs = new ArrayList<>(List.of(x, tensor(weight, path)));
        if (linear.getDirectParameters().contains("bias")) {
            inputs.add(tensor(linear.getDirectParameters().get("bias"), path));
        }
        // DJL stores [out, in]: y = x W^T + b.
        return context.operation(ONNXOperators.GEMM, inputs, path, Map.of("transB", 1));
    }

    private ONNXRef<?> pool(Pooling2d pool, ONNXRef<?> x, String path) {
        int k = pool.kernel();
        int s = pool.stride();
        int p = pool.padding();
        if (pool.kind() == Pooling2d.Kind.MAX) {
            return context.operation(CnnOperator.MAX_POOL, List.of(x), path, Map.of(
                    "kernel_shape", new int[] {k, k}, "strides", new int[] {s, s}, "pads", new int[] {p, p, p, p}));
        }
        return context.operation(CnnOperator.AVERAGE_POOL, List.of(x), path, Map.of(
                "kernel_shape", new int[] {k, k}, "strides", new int[] {s, s}, "pads", new int[] {p, p, p, p},
                "count_include_pad", 1));
    }

    /**
     * Nearest-neighbour upsampling as a depthwise transposed convolution with a kernel of ones, stride = kernel =
     * factor: each input pixel is copied into its factor x factor block, exactly. (ONNX's Resize would do too, but
     * its optional inputs and coordinate modes differ between opsets and runtimes.)
     */
    private ONNXRef<?> upsample(NearestUpsample upsample, ONNXRef<?> x, String path) {
        int f = upsample.factor();
        int channels = Math.toIntExact(upsample.getInputShapes()[0].get(1));
        float[] ones = new float[channels * f * f];
        java.util.Arrays.fill(ones, 1f);
        ONNXInitializer kernel = tensor(path + ".nearest_kernel", new Shape(channels, 1, f, f), ones);
        return context.operation(CnnOperator.CONV_TRANSPOSE, List.of(x, kernel), path, Map.of(
                "kernel_shape", new int[] {f, f}, "strides", new int[] {f, f}, "group", channels));
    }

    /** DJL's stateless layers are lambdas; only their names say what they compute. */
    private ONNXRef<?> lambda(LambdaBlock lambda, ONNXRef<?> x, String path) {
        switch (lambda.getName()) {
            case "ReLU":
                return context.operation(CnnOperator.RELU, List.of(x), path);
            case "ReLU6":
                if (zero == null) {
                    zero = context.constant("relu6_min", 0f);
                    six = context.constant("relu6_max", RELU6_MAX);
                }
                return context.operation(CnnOperator.CLIP, List.of(x, zero, six), path);
            case "globalAvgPool2d":
                // DJL gives [N, C]; ONNX keeps [N, C, 1, 1] until flattened.
                ONNXRef<?> pooled = context.operation(CnnOperator.GLOBAL_AVERAGE_POOL, List.of(x), path);
                return context.operation(CnnOperator.FLATTEN, List.of(pooled), path + "/flatten", Map.of("axis", 1));
            case "batchFlatten":
                return context.operation(CnnOperator.FLATTEN, List.of(x), path, Map.of("axis", 1));
            case "identity":
                return x;
            default:
                throw new UnsupportedBlockException(path, lambda, "no ONNX translation for the lambda '"
                        + lambda.getName() + "' (supported: ReLU, ReLU6, globalAvgPool2d, batchFlatten, identity)");
        }
    }

    private ONNXInitializer tensor(Parameter parameter, String path) {
        return tensor(nameOf(parameter, path), parameter.getArray().getShape(), parameter.getArray().toFloatArray());
    }

    private ONNXInitializer tensor(String name, Shape shape, float[] values) {
        List<Integer> dims = new ArrayList<>(shape.dimension());
        for (long d : shape.getShape()) {
            dims.add(Math.toIntExact(d));
        }
        weightCount += values.length;
        return context.floatTensor(name, dims, buffer -> buffer.put(values));
    }

    private String nameOf(Parameter parameter, String path) {
        String name = names.get(parameter);
        return name != null ? name : path + "." + parameter.getName();
    }

    private static int[] pair(Shape shape, int absent, Block block, String path) {
        if (shape == null) {
            return new int[] {absent, absent};
        }
        if (shape.dimension() != 2) {
            throw new UnsupportedBlockException(path, block, "expected a 2-D setting, found " + shape);
        }
        return new int[] {Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1))};
    }
}
