package io.github.covidxray.training.nn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A TorchScript feature extractor (for example torchvision's MobileNetV2 {@code features} plus global
 * pooling, saved with {@code torch.jit.script}) used as a DJL block, to put a new head on and fine-tune.
 * Uses only DJL's engine-neutral API; the PyTorch engine must be on the class path at run time.
 *
 * <p>Scripted modules follow train/eval mode, so a frozen backbone runs BatchNorm in eval mode (see
 * {@link ClassifierNetwork#setBackboneFrozen(boolean)}); traced ones stay in the mode they were traced in.
 * A {@code .pt} file holds BatchNorm statistics but DJL does not expose them, so such a backbone cannot be
 * converted to the native blocks; use {@link TorchvisionWeights} for that.
 *
 * <p>Owns the native module: close it after the networks using it. Not thread-safe for training.
 */
public final class TorchScriptBackbone implements AutoCloseable {

    /** The engine that runs TorchScript. */
    public static final String ENGINE = "PyTorch";

    private static final int PROBE_SIZE = 64;

    private final Model model;
    private final Path file;

    private TorchScriptBackbone(Model model, Path file) {
        this.model = model;
        this.file = file;
    }

    /**
     * Loads a TorchScript module.
     *
     * @param file the {@code .pt} file
     * @param trainable true to load its weights trainable (DJL loads TorchScript weights frozen otherwise)
     * @return the backbone
     * @throws IOException if the file is missing or unreadable
     * @throws MalformedModelException if it is not a TorchScript module
     */
    public static TorchScriptBackbone load(Path file, boolean trainable) throws IOException, MalformedModelException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": TorchScript file not found");
        }
        String name = file.getFileName().toString();
        String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        Model model = Model.newInstance(prefix, ENGINE);
        try {
            model.load(file.toAbsolutePath().getParent(), prefix, Map.of("trainParam", String.valueOf(trainable)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new MalformedModelException(file + ": cannot load as TorchScript: " + e.getMessage(), e);
        }
        return new TorchScriptBackbone(model, file);
    }

    /** @return the module as a block: {@code [N, C, H, W]} to the module's output */
    public Block block() {
        return model.getBlock();
    }

    /** @return the file it was loaded from */
    public Path file() {
        return file;
    }

    /**
     * Puts a new head (dropout, linear) on the backbone; the feature size is found by running the backbone
     * once on a small blank image.
     *
     * @param inChannels channels the backbone expects (3 for torchvision models)
     * @param numClasses number of classes
     * @param dropout dropout before the linear layer, 0 for none
     * @return the network, its head not yet initialised
     * @throws IllegalStateException if the backbone does not output {@code [N, features]}
     */
    public ClassifierNetwork newClassifier(int inChannels, int numClasses, float dropout) {
        long features;
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            NDList out = block().forward(new ParameterStore(scratch, false),
                    new NDList(scratch.zeros(new Shape(1, inChannels, PROBE_SIZE, PROBE_SIZE))), false);
            Shape shape = out.singletonOrThrow().getShape();
            if (shape.dimension() != 2) {
                throw new IllegalStateException(file + ": backbone output must be [N, features], found " + shape);
            }
            features = shape.get(1);
        }
        return ClassifierNetwork.withNewHead("torchscript:" + file.getFileName(), block(), inChannels,
                Math.toIntExact(features), numClasses, dropout);
    }

    /** Frees the native module. */
    @Override
    public void close() {
        model.close();
    }
}
