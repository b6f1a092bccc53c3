package io.github.covidxray.core.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link TinyNet} as an ONNX model (opset 13) with the protobuf classes of
 * {@code org.tribuo:tribuo-util-onnx} (a test dependency of modules using this class). Input
 * {@code pixels} of shape {@code (batch, C, height, width)} with dynamic batch and size; output
 * {@code logits} (or {@code probabilities} with a final softmax) of shape {@code (batch, classes)}.
 */
public final class TinyOnnx {

    private TinyOnnx() {}

    /**
     * @param net the weights
     * @param file the {@code .onnx} file to write
     * @param softmax whether to end with a softmax, so the model outputs probabilities
     * @return {@code file}
     * @throws IOException if writing fails
     */
    public static Path write(TinyNet net, Path file, boolean softmax) throws IOException {
        String out = softmax ? "probabilities" : "logits";
        GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny")
                .addInput(value("pixels", "batch", net.inputChannels(), "height", "width"))
                .addOutput(value(out, "batch", net.classes()))
                .addInitializer(tensor("conv_w", net.convWeight(), net.filters(), net.inputChannels(), TinyNet.KERNEL,
                        TinyNet.KERNEL))
                .addInitializer(tensor("conv_b", net.convBias(), net.filters()))
                .addInitializer(tensor("fc_w", net.fcWeight(), net.classes(), net.filters()))
                .addInitializer(tensor("fc_b", net.fcBias(), net.classes()))
                .addNode(node("Conv", new String[] {"pixels", "conv_w", "conv_b"}, "conv")
                        .addAttribute(ints("kernel_shape", TinyNet.KERNEL, TinyNet.KERNEL))
                        .addAttribute(ints("strides", TinyNet.STRIDE, TinyNet.STRIDE))
                        .addAttribute(ints("pads", TinyNet.PADDING, TinyNet.PADDING, TinyNet.PADDING, TinyNet.PADDING)))
                .addNode(node("Relu", new String[] {"conv"}, "relu"))
                .addNode(node("GlobalAveragePool", new String[] {"relu"}, "pooled"))
                .addNode(node("Flatten", new String[] {"pooled"}, "features").addAttribute(integer("axis", 1)))
                .addNode(node("Gemm", new String[] {"features", "fc_w", "fc_b"}, softmax ? "logits" : out)
                        .addAttribute(integer("transB", 1)));
        if (softmax) {
            graph.addNode(node("Softmax", new String[] {"logits"}, out).addAttribute(integer("axis", 1)));
        }
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("covid-xray tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
        try (OutputStream os = Files.newOutputStream(file)) {
            model.writeTo(os);
        }
        return file;
    }

    private static NodeProto.Builder node(String op, String[] inputs, String output) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addOutput(output);
        for (String in : inputs) {
            b.addInput(in);
        }
        return b;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    /** A float tensor type whose dimensions are numbers (fixed) or strings (named, dynamic). */
    private static ValueInfoProto value(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) {
                dim.setDimValue(i);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
