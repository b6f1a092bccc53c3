package io.github.covidxray.cli;

import ai.djl.ModelException;
import io.github.covidxray.core.CovidClassifier;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model BUNDLE} option of commands that classify; mixed in with {@code @Mixin}. */
public final class ModelOption {

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "Model bundle folder or zip (default: the bundled default model).")
    Path bundle;

    /**
     * Opens the chosen bundle, or the default model when none was given.
     *
     * @return the classifier; the caller closes it
     * @throws IOException if the bundle cannot be read
     * @throws ModelException if the bundle is invalid or no engine can run it
     */
    public CovidClassifier open() throws IOException, ModelException {
        return bundle == null ? CovidClassifier.loadDefault() : CovidClassifier.load(bundle);
    }
}
