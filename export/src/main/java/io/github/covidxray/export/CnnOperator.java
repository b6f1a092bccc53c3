package io.github.covidxray.export;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The convolutional-network operators of the default ONNX domain that Tribuo's {@link ONNXOperators} does not
 * list, at the same opset ({@link ONNXOperators#getOpsetVersion()}), with the attributes the exporter sets.
 * Tribuo validates every node against these declarations. Immutable.
 */
enum CnnOperator implements ONNXOperator {
    /** 2-D convolution; inputs X, W and optional B. */
    CONV("Conv", 2, 1, ints("kernel_shape"), ints("strides"), ints("pads"), ints("dilations"), integer("group")),
    /** 2-D transposed convolution; inputs X, W and optional B. */
    CONV_TRANSPOSE("ConvTranspose", 2, 1, ints("kernel_shape"), ints("strides"), integer("group")),
    /** Inference-mode batch normalisation; inputs X, scale, B, mean, var. */
    BATCH_NORMALIZATION("BatchNormalization", 5, 0, real("epsilon"), real("momentum")),
    /** max(x, 0). */
    RELU("Relu", 1, 0),
    /** Clamp to [min, max]; the bounds are scalar inputs since opset 11. */
    CLIP("Clip", 1, 2),
    /** Max pooling. */
    MAX_POOL("MaxPool", 1, 0, mandatoryInts("kernel_shape"), ints("strides"), ints("pads")),
    /** Average pooling. */
    AVERAGE_POOL("AveragePool", 1, 0, mandatoryInts("kernel_shape"), ints("strides"), ints("pads"),
            integer("count_include_pad")),
    /** Mean over all spatial positions, keeping [N, C, 1, 1]. */
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 0),
    /** Reshape to 2-D at an axis. */
    FLATTEN("Flatten", 1, 0, integer("axis"));

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final Set<String> mandatory;

    CnnOperator(String opName, int numInputs, int numOptionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(map);
        this.mandatory = map.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static ONNXAttribute ints(String name) {
        return new ONNXAttribute(name, AttributeType.INTS, false);
    }

    private static ONNXAttribute mandatoryInts(String name) {
        return new ONNXAttribute(name, AttributeType.INTS, true);
    }

    private static ONNXAttribute integer(String name) {
        return new ONNXAttribute(name, AttributeType.INT, false);
    }

    private static ONNXAttribute real(String name) {
        return new ONNXAttribute(name, AttributeType.FLOAT, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return mandatory;
    }

    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
        return ONNXOperators.IDENTITY.getOpDomain();
    }
}
