package io.github.covidxray.core.spi;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelFormat;
import java.io.IOException;

/**
 * An engine backend, discovered with {@link java.util.ServiceLoader}: each engine module lists its
 * implementation in {@code META-INF/services/io.github.covidxray.core.spi.ClassifierBackend}. User code
 * never refers to a backend class; it adds the engine's Maven artifact and calls
 * {@link CovidClassifier#load}.
 */
public interface ClassifierBackend {

    /** @return the DJL engine name, for example {@code OnnxRuntime} or {@code PyTorch} */
    String engineName();

    /**
     * @param format a bundle format
     * @return whether this backend runs bundles of that format
     */
    boolean supports(ModelFormat format);

    /**
     * Opens a verified bundle.
     *
     * @param bundle the bundle
     * @param options the options
     * @return a thread-safe classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the engine cannot load the model
     */
    CovidClassifier open(ModelBundle bundle, ClassifierOptions options) throws IOException, ModelException;
}
