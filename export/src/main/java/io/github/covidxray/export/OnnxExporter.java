package io.github.covidxray.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.djl.nn.SequentialBlock;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.UNetBlock;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes an initialised {@link ClassifierNetwork} of this SDK (MobileNetV2, DenseNet-121, any width, 1 or 3
 * input channels, any number of classes), or a {@link UNetBlock} segmentation network, as an ONNX model in
 * inference mode, built with Tribuo's ONNX
 * graph helpers.
 *
 * <p>The graph: input {@value #INPUT} {@code [batch, C, H, W]} float, already normalised as the bundle's
 * {@code PreprocessingSpec} prescribes (normalisation stays out of the graph, so ONNX and PyTorch bundles
 * share preprocessing); output {@value #OUTPUT} {@code [batch, classes]}, before softmax, and by default
 * (see {@link Builder#optExtraOutputs(boolean)}) {@value #FEATURES_OUTPUT} {@code [batch, F]}, the pooled
 * features the head reads, and, for networks whose head is one linear layer after global average pooling,
 * {@value #CAM_OUTPUT} {@code [batch, classes, h, w]}: the head applied as a 1x1 convolution to the last
 * feature maps, without the bias, so their mean over {@code h, w} plus the bias is the logits. All come
 * from one forward pass. The batch is
 * always dynamic; height and width are dynamic unless fixed with {@link Builder#optImageSize(int, int)}.
 * Opset {@value #OPSET}.
 *
 * <p>BatchNorm: by default each BatchNorm that directly follows a convolution (every one in MobileNetV2;
 * the stem and each dense layer's second in DenseNet-121) is folded into that convolution's weights and
 * bias, which is exact in inference mode. The others, which follow a concatenation or precede their
 * convolution behind a ReLU, cannot be folded and become {@code BatchNormalization} nodes with the running
 * statistics. {@link Builder#optFoldBatchNorm(boolean) optFoldBatchNorm(false)} keeps every BatchNorm as
 * a node. Immutable and thread-safe; exporting reads the network's weights, so do not train it meanwhile.
 */
public final class OnnxExporter {

    /** The input's name. */
    public static final String INPUT = "input";
    /** The output's name. */
    public static final String OUTPUT = "logits";
    /** The pooled features' output name. */
    public static final String FEATURES_OUTPUT = "pooled_features";
    /** The class activation maps' output name. */
    public static final String CAM_OUTPUT = "class_activation_maps";
    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 13;
    /** The ONNX IR version written; ONNX Runtime 1.10 and later read it. */
    public static final long IR_VERSION = 8;

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExporter.class);
    private static final String PRODUCER = "covid-xray";

    private final boolean foldBatchNorm;
    private final boolean extraOutputs;
    private final int height;
    private final int width;

    private OnnxExporter(Builder b) {
        this.foldBatchNorm = b.foldBatchNorm;
        this.extraOutputs = b.extraOutputs;
        this.height = b.height;
        this.width = b.width;
    }

    /** @return a builder with the defaults: BatchNorm folded, dynamic image size */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What an export produced.
     *
     * @param file the ONNX file
     * @param bytes its size
     * @param nodes the number of graph nodes
     * @param weights the number of float weights stored
     * @param foldedBatchNorms BatchNorms folded into convolutions
     * @param batchNormNodes BatchNorms kept as {@code BatchNormalization} nodes
     * @param elapsed how long building and writing took
     * @param outputs the graph's outputs, in order
     */
    public record Report(Path file, long bytes, int nodes, long weights, int foldedBatchNorms, int batchNormNodes,
            Duration elapsed, List<ModelOutput> outputs) {}

    /** A model and the counts gathered while building it. */
    private record Built(ModelProto model, long weights, int folded, int batchNormNodes, List<ModelOutput> outputs) {}

    /** What the exporter needs to know of a network besides its blocks. */
    private record Network(Block block, String architecture, int inChannels, int outputSize, boolean initialized,
            Map<String, Parameter> names, String output, ClassifierNetwork classifier) {}

    /**
     * Builds the ONNX model in memory.
     *
     * @param network an initialised network
     * @return the model
     * @throws IllegalStateException if the network is not initialised
     * @throws UnsupportedBlockException if it holds a block with no ONNX translation
     */
    public ModelProto toModel(ClassifierNetwork network) {
        return build(describe(network)).model();
    }

    /**
     * Writes the network as an ONNX file (through a temporary file, so a failed export leaves no partial file).
     *
     * @param network an initialised network
     * @param file the {@code .onnx} file to write; its folder must exist
     * @return sizes and counts
     * @throws IOException if writing fails
     * @throws IllegalStateException if the network is not initialised
     * @throws UnsupportedBlockException if it holds a block with no ONNX translation
     */
    public Report export(ClassifierNetwork network, Path file) throws IOException {
        return export(describe(network), file);
    }

    /**
     * Writes a segmentation network. Its output {@value #OUTPUT} is {@code [batch, height * width]}: one logit
     * per input pixel, row by row; so the image size must be fixed with {@link Builder#optImageSize(int, int)}.
     *
     * @param network an initialised U-Net
     * @param file the {@code .onnx} file to write; its folder must exist
     * @return sizes and counts
     * @throws IOException if writing fails
     * @throws IllegalStateException if the network is not initialised or the image size is not fixed
     */
    public Report export(UNetBlock network, Path file) throws IOException {
        if (height == 0) {
            throw new IllegalStateException("a segmentation network's output size follows its input: fix the image"
                    + " size with optImageSize before exporting " + network.architecture());
        }
        return export(new Network(network, network.architecture(), network.inChannels(), height * width,
                network.isInitialized(), Map.of(), "[batch, " + height * width + "]: one logit per input pixel ("
                + height + "x" + width + ", row by row), sigmoid not applied", null), file);
    }

    private static Network describe(ClassifierNetwork n) {
        return new Network(n, n.architecture(), n.inChannels(), n.numClasses(), n.isInitialized(),
                n.torchvisionParameters(), "[batch, " + n.numClasses() + "]: logits, softmax not applied", n);
    }

    private Report export(Network network, Path file) throws IOException {
        long start = System.nanoTime();
        Built built = build(network);
        Path absolute = file.toAbsolutePath();
        // A sibling, not createTempFile: that one is owner-only, and the model should get the usual permissions.
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                built.model().writeTo(out);
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Report report = new Report(absolute, Files.size(absolute), built.model().getGraph().getNodeCount(),
                built.weights(), built.folded(), built.batchNormNodes(), Duration.ofNanos(System.nanoTime() - start),
                built.outputs());
        LOG.info("exported {} to {}: {} bytes, {} nodes, {} BatchNorms folded, {} kept, {} ms", network.architecture(),
                absolute, report.bytes(), report.nodes(), report.foldedBatchNorms(), report.batchNormNodes(),
                report.elapsed().toMillis());
        return report;
    }

    private Built build(Network network) {
        Objects.requireNonNull(network.block(), "network");
        if (!network.initialized()) {
            throw new IllegalStateException("initialise or load the " + network.architecture()
                    + " network before exporting it");
        }
        ONNXContext context = new ONNXContext();
        context.setName(network.architecture());
        ONNXPlaceholder input = context.floatInput(INPUT, network.inChannels());
        ONNXPlaceholder output = context.floatOutput(OUTPUT, network.outputSize());
        GraphEmitter emitter = new GraphEmitter(context, network.names(), foldBatchNorm);
        List<ModelOutput> outputs = new ArrayList<>(List.of(ModelOutput.SCORES));
        ClassifierNetwork classifier = network.classifier();
        GraphProto graph;
        if (classifier == null || !extraOutputs) {
            context.assignTo(emitter.emit(network.block(), input, network.architecture()), output);
            graph = withImageInput(context.buildGraph(), network.inChannels());
        } else {
            // Declared before use so the graph lists them in this order: logits, features, maps.
            ONNXPlaceholder featuresOut = context.floatOutput(FEATURES_OUTPUT, classifier.featureSize());
            Optional<Integer> stages = classifier.featureMapStages();
            ONNXRef<?> features;
            if (stages.isPresent()) {
                ONNXPlaceholder camOut = context.floatOutput(CAM_OUTPUT, classifier.numClasses());
                SequentialBlock backbone = (SequentialBlock) classifier.backbone();
                int end = backbone.getChildren().size();
                ONNXRef<?> maps = emitter.sequence(backbone, 0, stages.get(), input, "backbone");
                features = emitter.sequence(backbone, stages.get(), end, maps, "backbone");
                context.assignTo(emitter.classActivationMaps(classifier.linearHead().orElseThrow(), maps, "head/cam"),
                        camOut);
                outputs.add(ModelOutput.POOLED_FEATURES);
                outputs.add(ModelOutput.CLASS_ACTIVATION_MAPS);
            } else {
                features = emitter.emit(classifier.backbone(), input, "backbone");
                outputs.add(ModelOutput.POOLED_FEATURES);
            }
            context.assignTo(emitter.emit(classifier.head(), features, "head"), output);
            context.assignTo(features, featuresOut);
            graph = withMapOutput(withImageInput(context.buildGraph(), network.inChannels()), classifier.numClasses());
        }
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion())
                .setDomain("io.github.covidxray")
                .setModelVersion(1)
                .setDocString(network.architecture() + " exported by covid-xray. Input '" + INPUT
                        + "' [batch, " + network.inChannels() + ", height, width]: preprocessed and normalised as"
                        + " the model bundle's preprocessing says. Output '" + OUTPUT + "' " + network.output() + "."
                        + (outputs.size() > 1 ? " Also " + outputs.subList(1, outputs.size()) + "." : ""))
                .addAllMetadataProps(metadata(network, emitter))
                .setGraph(graph)
                .build();
        return new Built(model, emitter.weightCount(), emitter.foldedBatchNorms(), emitter.batchNormNodes(),
                List.copyOf(outputs));
    }

    private List<OnnxMl.StringStringEntryProto> metadata(Network network, GraphEmitter emitter) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", network.architecture());
        m.put("input_channels", String.valueOf(network.inChannels()));
        m.put("outputs_per_image", String.valueOf(network.outputSize()));
        m.put("batch_norm", emitter.foldedBatchNorms() + " folded into convolutions, " + emitter.batchNormNodes()
                + " BatchNormalization nodes");
        return m.entrySet().stream().map(e -> OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey())
                .setValue(e.getValue()).build()).toList();
    }

    /** Tribuo declares inputs as [batch, features]; an image input is [batch, C, H, W]. */
    private GraphProto withImageInput(GraphProto graph, int channels) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(dim("batch", 0))
                .addDim(dim(null, channels))
                .addDim(dim("height", height))
                .addDim(dim("width", width))
                .build();
        ValueInfoProto image = ValueInfoProto.newBuilder()
                .setName(INPUT)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            if (b.getInput(i).getName().equals(INPUT)) {
                b.setInput(i, image);
            }
        }
        return b.build();
    }

    /** Tribuo declares outputs as [batch, size]; the activation maps are [batch, classes, h, w]. */
    private static GraphProto withMapOutput(GraphProto graph, int classes) {
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getOutputCount(); i++) {
            if (b.getOutput(i).getName().equals(CAM_OUTPUT)) {
                TensorShapeProto shape = TensorShapeProto.newBuilder().addDim(dim("batch", 0)).addDim(dim(null, classes))
                        .addDim(dim("map_height", 0)).addDim(dim("map_width", 0)).build();
                b.setOutput(i, b.getOutput(i).toBuilder().setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape))).build());
            }
        }
        return b.build();
    }

    private static TensorShapeProto.Dimension dim(String symbol, int size) {
        TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
        return size > 0 ? d.setDimValue(size).build() : d.setDimParam(symbol).build();
    }

    /** @return this library's version, or {@code dev} outside a built jar */
    static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Options for {@link OnnxExporter}. Not thread-safe. */
    public static final class Builder {

        private boolean foldBatchNorm = true;
        private boolean extraOutputs = true;
        private int height;
        private int width;

        private Builder() {}

        /**
         * @param fold true (default) to fold BatchNorm into the convolution before it where that is exact;
         *     false to keep every BatchNorm as a {@code BatchNormalization} node
         * @return this builder
         */
        public Builder optFoldBatchNorm(boolean fold) {
            this.foldBatchNorm = fold;
            return this;
        }

        /**
         * @param extra true (default) to add the pooled features and, where the network allows, the class
         *     activation maps as outputs after the logits; false for the logits alone
         * @return this builder
         */
        public Builder optExtraOutputs(boolean extra) {
            this.extraOutputs = extra;
            return this;
        }

        /**
         * Fixes the input's height and width (the preprocessing's output size), which lets ONNX Runtime plan
         * memory ahead; by default both are dynamic.
         *
         * @param height input height in pixels
         * @param width input width in pixels
         * @return this builder
         * @throws IllegalArgumentException if a size is below 1
         */
        public Builder optImageSize(int height, int width) {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("image size must be >= 1, got " + height + "x" + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /** @return the exporter */
        public OnnxExporter build() {
            return new OnnxExporter(this);
        }
    }
}
