package io.github.covidxray.core.spi;

import ai.djl.nn.Block;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.model.ModelBundle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an engine module wants a bundle's model loaded by {@code io.github.covidxray.core.internal.PooledDjlClassifier#open}: the DJL engine,
 * where the files are, a block for weight-only formats, and options for DJL's {@code Model.load}. Starts
 * as the bundle folder and weight file name with the user's {@link ClassifierOptions#engineOptions()}.
 * A mutable builder used on one thread while opening; not thread-safe.
 */
public final class ModelLoadSpec {

    private final String engine;
    private Path modelDir;
    private String modelName;
    private Block block;
    private Runnable beforeForward = () -> { };
    private final Map<String, String> options = new LinkedHashMap<>();

    /**
     * Starts from the bundle's own weight file and the caller's engine options.
     *
     * @param engine the DJL engine name
     * @param bundle the verified bundle
     * @param classifierOptions the options whose engine options are passed on
     */
    public ModelLoadSpec(String engine, ModelBundle bundle, ClassifierOptions classifierOptions) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.modelDir = bundle.directory();
        this.modelName = bundle.card().weights();
        this.options.putAll(classifierOptions.engineOptions());
    }

    /**
     * Points at other files, for example a folder where DJL finds {@code name-0000.params}.
     *
     * @param dir the folder
     * @param name the file name, or the prefix DJL expects for the format
     * @return this spec
     */
    public ModelLoadSpec optModel(Path dir, String name) {
        this.modelDir = Objects.requireNonNull(dir, "dir");
        this.modelName = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * @param block the network whose parameters the weight file holds (DJL-format bundles)
     * @return this spec
     */
    public ModelLoadSpec optBlock(Block block) {
        this.block = block;
        return this;
    }

    /**
     * @param key a DJL {@code Model.load} option, for example ONNX Runtime's {@code intraOpNumThreads}
     * @param value its value
     * @return this spec
     */
    public ModelLoadSpec optOption(String key, String value) {
        options.put(key, value);
        return this;
    }

    /**
     * @param hook run on the calling thread before each forward pass, for per-thread engine settings such
     *     as PyTorch's (OpenMP) intra-op thread count; must be cheap and thread-safe
     * @return this spec
     */
    public ModelLoadSpec optBeforeForward(Runnable hook) {
        this.beforeForward = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** @return the hook run before each forward pass (a no-op unless set) */
    public Runnable beforeForward() {
        return beforeForward;
    }

    /** @return the DJL engine name */
    public String engine() {
        return engine;
    }

    /** @return the folder DJL loads from */
    public Path modelDir() {
        return modelDir;
    }

    /** @return the file name or prefix DJL loads */
    public String modelName() {
        return modelName;
    }

    /** @return the block, or {@code null} when the weight file holds the network itself */
    public Block block() {
        return block;
    }

    /** @return the options, as given so far (live view) */
    public Map<String, String> options() {
        return options;
    }
}
