package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.spi.MultiOutputBlock;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image classifier made of a backbone (image to a feature vector) and a head (feature vector to class
 * logits), with the backbone freezable for transfer learning.
 *
 * <p>Freezing the backbone ({@link #setBackboneFrozen(boolean)}) does two things DJL's
 * {@link Block#freezeParameters(boolean)} alone does not: it runs the backbone in inference mode during
 * training, so BatchNorm uses and keeps its running statistics (as {@code model.eval()} does in PyTorch),
 * and it never marks BatchNorm's running statistics as trainable when unfreezing.
 *
 * <p>The output is the raw logits {@code [N, numClasses]}. Inference on an initialised network is
 * thread-safe; training and freezing are not.
 */
public class ClassifierNetwork extends AbstractBlock implements MultiOutputBlock {

    private static final byte VERSION = 1;

    private final String architecture;
    private final int inChannels;
    private final int numClasses;
    private final int featureSize;
    private final Block backbone;
    private final Block head;
    private final Map<String, Parameter> torchvisionParameters;
    private volatile boolean backboneFrozen;
    private volatile List<ModelOutput> inferenceOutputs = List.of(ModelOutput.SCORES);

    /**
     * @param architecture a short identifier of the architecture, recorded in model bundles
     * @param inChannels input image channels (1 for gray, 3 for RGB)
     * @param numClasses number of output classes
     * @param featureSize length of the backbone's feature vector
     * @param backbone maps {@code [N, inChannels, H, W]} to {@code [N, featureSize]}
     * @param head maps {@code [N, featureSize]} to {@code [N, numClasses]}
     * @param torchvisionParameters torchvision {@code state_dict} name to parameter, or an empty map
     */
    protected ClassifierNetwork(String architecture, int inChannels, int numClasses, int featureSize,
            Block backbone, Block head, Map<String, Parameter> torchvisionParameters) {
        super(VERSION);
        if (inChannels < 1 || numClasses < 1 || featureSize < 1) {
            throw new IllegalArgumentException("inChannels, numClasses and featureSize must be >= 1, got "
                    + inChannels + ", " + numClasses + ", " + featureSize);
        }
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        this.featureSize = featureSize;
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.torchvisionParameters = Collections.unmodifiableMap(new LinkedHashMap<>(torchvisionParameters));
    }

    /**
     * Puts a new classification head (dropout, then a linear layer) on an existing backbone, for example a
     * TorchScript one (see {@link TorchScriptBackbone}).
     *
     * @param architecture identifier recorded in model bundles
     * @param backbone maps {@code [N, inChannels, H, W]} to {@code [N, featureSize]}
     * @param inChannels input channels the backbone expects
     * @param featureSize length of the backbone's feature vector
     * @param numClasses number of classes
     * @param dropout dropout rate before the linear layer, 0 for none
     * @return the network; its torchvision name map is empty
     */
    public static ClassifierNetwork withNewHead(String architecture, Block backbone, int inChannels,
            int featureSize, int numClasses, float dropout) {
        return new ClassifierNetwork(architecture, inChannels, numClasses, featureSize, backbone,
                newHead(numClasses, dropout, null, null), Map.of());
    }

    /**
     * A classification head as torchvision builds it: dropout, then a linear layer. The dropout block is
     * there even at rate 0, so the saved parameter layout does not depend on the rate.
     *
     * @param numClasses output units
     * @param dropout dropout rate
     * @param names where to register the linear layer's torchvision names, or {@code null}
     * @param linearName the torchvision name of the linear layer
     * @return the head
     */
    static Block newHead(int numClasses, float dropout, TorchvisionNames names, String linearName) {
        Linear linear = Linear.builder().setUnits(numClasses).build();
        linear.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        if (names != null) {
            names.register(linearName, linear);
        }
        return new SequentialBlock().add(Dropout.builder().optRate(dropout).build()).add(linear);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        List<ModelOutput> outputs = inferenceOutputs;
        if (training || outputs.size() == 1) {
            NDList features = backbone.forward(store, inputs, training && !backboneFrozen, params);
            return head.forward(store, features, training, params);
        }
        return forwardAllOutputs(store, inputs, params, outputs);
    }

    /** Inference returning the selected outputs, all from one pass (see {@link ModelOutput}). */
    private NDList forwardAllOutputs(ParameterStore store, NDList inputs, PairList<String, Object> params,
            List<ModelOutput> outputs) {
        int stages = featureMapStages().orElse(-1);
        NDArray maps = null;
        NDList pooled;
        if (stages >= 0) {
            BlockList children = ((SequentialBlock) backbone).getChildren();
            NDList x = inputs;
            for (int i = 0; i < stages; i++) {
                x = children.valueAt(i).forward(store, x, false, params);
            }
            maps = x.singletonOrThrow();
            // The backbone's own pooling and flattening, as in training.
            for (int i = stages; i < children.size(); i++) {
                x = children.valueAt(i).forward(store, x, false, params);
            }
            pooled = x;
        } else {
            pooled = backbone.forward(store, inputs, false, params);
        }
        NDArray logits = head.forward(store, pooled, false, params).singletonOrThrow();
        NDList out = new NDList();
        for (ModelOutput o : outputs) {
            switch (o) {
                case SCORES -> out.add(logits);
                case POOLED_FEATURES -> out.add(pooled.singletonOrThrow());
                case CLASS_ACTIVATION_MAPS -> {
                    Shape s = maps.getShape();
                    NDArray weight = store.getValue(linearHead().orElseThrow().getParameters().get("weight"),
                            maps.getDevice(), false);
                    // [K, F] x [N, F, h*w] -> [N, K, h*w]: the head at every position, without the bias.
                    NDArray cam = weight.matMul(maps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)));
                    out.add(cam.reshape(s.get(0), numClasses, s.get(2), s.get(3)));
                }
                default -> throw new IllegalStateException(o.toString());
            }
        }
        return out;
    }

    @Override
    public List<ModelOutput> supportedOutputs() {
        return featureMapStages().isPresent()
                ? List.of(ModelOutput.SCORES, ModelOutput.POOLED_FEATURES, ModelOutput.CLASS_ACTIVATION_MAPS)
                : List.of(ModelOutput.SCORES, ModelOutput.POOLED_FEATURES);
    }

    /**
     * {@inheritDoc} The same order and meaning as the ONNX export's outputs. Safe to call before inference
     * starts; not while forward passes run.
     */
    @Override
    public void selectOutputs(List<ModelOutput> outputs) {
        if (outputs.isEmpty() || outputs.get(0) != ModelOutput.SCORES || !supportedOutputs().containsAll(outputs)) {
            throw new IllegalArgumentException(architecture + " can return " + supportedOutputs()
                    + " (class scores first), not " + outputs);
        }
        inferenceOutputs = List.copyOf(outputs);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!backbone.isInitialized()) {
            backbone.initialize(manager, dataType, inputShapes);
        }
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), featureSize));
    }

    /**
     * Initialises all parameters for square images of the given size (weights already set stay).
     *
     * @param manager the manager that will own the parameters
     * @param imageSize the image side in pixels
     */
    public void initialize(NDManager manager, int imageSize) {
        initialize(manager, DataType.FLOAT32, new Shape(1, inChannels, imageSize, imageSize));
    }

    /**
     * Freezes or unfreezes the backbone; the head is always left trainable. Frozen: the backbone's weights
     * get no gradient, and it runs in inference mode (BatchNorm uses its running statistics and does not
     * update them; dropout is off).
     *
     * @param frozen true to freeze
     */
    public void setBackboneFrozen(boolean frozen) {
        setTrainable(backbone, !frozen);
        // Also after loading weights, whose fresh arrays may not track gradients yet.
        setTrainable(head, true);
        backboneFrozen = frozen;
    }

    private static void setTrainable(Block block, boolean trainable) {
        for (Parameter p : block.getParameters().values()) {
            if (isLearnable(p)) {
                p.freeze(!trainable);
            }
        }
    }

    /** @return whether the backbone is frozen */
    public boolean isBackboneFrozen() {
        return backboneFrozen;
    }

    /**
     * @return the number of learnable weights, counted as torchvision counts them (BatchNorm's running
     *     statistics excluded); the network must be initialised
     */
    public long learnableParameterCount() {
        long n = 0;
        for (Parameter p : getParameters().values()) {
            if (isLearnable(p)) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    /**
     * @param p a parameter
     * @return false for BatchNorm running statistics, which are state, never trained by gradient
     */
    static boolean isLearnable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /** @return the torchvision {@code state_dict} name of each parameter (empty if not a torchvision layout) */
    public Map<String, Parameter> torchvisionParameters() {
        return torchvisionParameters;
    }

    /** @return the architecture identifier */
    public String architecture() {
        return architecture;
    }

    /** @return the number of input channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return the length of the backbone's feature vector */
    public int featureSize() {
        return featureSize;
    }

    /** @return the backbone block */
    public Block backbone() {
        return backbone;
    }

    /** @return the head block */
    public Block head() {
        return head;
    }

    /**
     * How many of the backbone's stages come before its global average pooling: the backbone must be a
     * {@link SequentialBlock} ending with DJL's {@code globalAvgPool2d} and {@code batchFlatten}, and the head
     * a dropout then one {@link Linear} layer (as this SDK's architectures are), so that the head applied at
     * each position of the last feature maps gives class activation maps whose mean is the logits minus the
     * bias.
     *
     * @return the number of stages before pooling, or empty when the network is not built that way
     */
    public Optional<Integer> featureMapStages() {
        if (!(backbone instanceof SequentialBlock sequence) || linearHead().isEmpty()) {
            return Optional.empty();
        }
        BlockList children = sequence.getChildren();
        int n = children.size();
        if (n < 3 || !isLambda(children.valueAt(n - 2), "globalAvgPool2d")
                || !isLambda(children.valueAt(n - 1), "batchFlatten")) {
            return Optional.empty();
        }
        return Optional.of(n - 2);
    }

    /** @return the head's linear layer, when the head is dropout then one linear layer */
    public Optional<Linear> linearHead() {
        if (head instanceof SequentialBlock sequence && sequence.getChildren().size() == 2
                && sequence.getChildren().valueAt(0) instanceof Dropout
                && sequence.getChildren().valueAt(1) instanceof Linear linear) {
            return Optional.of(linear);
        }
        return Optional.empty();
    }

    private static boolean isLambda(Block block, String name) {
        return block instanceof LambdaBlock lambda && name.equals(lambda.getName());
    }
}
