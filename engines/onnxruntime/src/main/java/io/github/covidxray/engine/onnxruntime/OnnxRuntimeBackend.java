package io.github.covidxray.engine.onnxruntime;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.spi.ClassifierBackend;
import io.github.covidxray.core.internal.PooledDjlClassifier;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs {@code onnx} bundles on DJL's ONNX Runtime engine, the fastest CPU route for models exported from
 * PyTorch or from this SDK. Found by {@link java.util.ServiceLoader}; users call
 * {@link CovidClassifier#load} and never this class.
 *
 * <p>Options: {@link ClassifierOptions#effectiveIntraOpThreads()} becomes the session's intra-op thread count
 * and {@link ClassifierOptions#interOpThreads()} its inter-op count (0 keeps ONNX Runtime's default; more
 * than one also switches the session to parallel execution, the only mode that uses them); the engine option
 * {@value #GRAPH_OPTIMIZATION} sets the graph optimisation level, one of {@code NO_OPT}, {@code BASIC_OPT},
 * {@code EXTENDED_OPT} or {@code ALL_OPT} (ONNX Runtime's default). Other engine options go to DJL's
 * {@code OrtModel} unchanged. All predictors of a classifier share one ONNX Runtime session, which is
 * thread-safe. Preprocessing is pure Java because ONNX Runtime has no NDArray operators of its own.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxRuntimeBackend implements ClassifierBackend {

    /** DJL's engine name. */
    public static final String ENGINE = "OnnxRuntime";
    /** The engine option naming the graph optimisation level. */
    public static final String GRAPH_OPTIMIZATION = "optLevel";

    private static final Set<String> OPT_LEVELS = Set.of("NO_OPT", "BASIC_OPT", "EXTENDED_OPT", "ALL_OPT");

    /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
    public OnnxRuntimeBackend() {}

    @Override
    public String engineName() {
        return ENGINE;
    }

    @Override
    public boolean supports(ModelFormat format) {
        return format == ModelFormat.ONNX;
    }

    @Override
    public CovidClassifier open(ModelBundle bundle, ClassifierOptions options) throws IOException, ModelException {
        String level = options.engineOptions().get(GRAPH_OPTIMIZATION);
        String normalisedLevel = level == null ? null : level.trim().toUpperCase(Locale.ROOT);
        if (normalisedLevel != null && !OPT_LEVELS.contains(normalisedLevel)) {
            throw new IllegalArgumentException("ONNX Runtime option " + GRAPH_OPTIMIZATION + "=" + level
                    + " is not a graph optimisation level; expected one of "
                    + String.join(", ", new TreeSet<>(OPT_LEVELS)));
        }
        return PooledDjlClassifier.open(bundle, options, ENGINE, spec -> {
            spec.optOption("intraOpNumThreads", Integer.toString(options.effectiveIntraOpThreads()));
            if (options.interOpThreads() > 0) {
                spec.optOption("interOpNumThreads", Integer.toString(options.interOpThreads()));
                if (options.interOpThreads() > 1 && !options.engineOptions().containsKey("executionMode")) {
                    spec.optOption("executionMode", "PARALLEL");
                }
            }
            if (normalisedLevel != null) {
                spec.optOption(GRAPH_OPTIMIZATION, normalisedLevel);
            }
        });
    }
}
