package io.github.covidxray.core;

import ai.djl.ModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.spi.ClassifierBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the backend for a bundle among those on the classpath, for {@link CovidClassifier#load}. It knows
 * backends only through the {@link ClassifierBackend} contract and {@link ServiceLoader}, never the
 * implementation in {@code core.internal}, so the public API does not depend on its implementation.
 */
final class Backends {

    private Backends() {}

    /** @return the backends on the classpath, in discovery order */
    static List<ClassifierBackend> available() {
        List<ClassifierBackend> list = new ArrayList<>();
        ServiceLoader.load(ClassifierBackend.class).forEach(list::add);
        return list;
    }

    /**
     * Opens a bundle on the named engine, or on the engine its format needs.
     *
     * @param bundle the verified bundle
     * @param options the options; {@link ClassifierOptions#engine()} may name the engine
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if no backend on the classpath runs the bundle; the message names the artifact to add
     */
    static CovidClassifier open(ModelBundle bundle, ClassifierOptions options) throws IOException, ModelException {
        ModelFormat format = bundle.card().format();
        String wanted = options.engine() != null ? options.engine() : format.defaultEngine();
        List<ClassifierBackend> backends = available();
        for (ClassifierBackend b : backends) {
            if (b.engineName().equalsIgnoreCase(wanted) && b.supports(format)) {
                return b.open(bundle, options);
            }
        }
        List<String> names = backends.stream().map(ClassifierBackend::engineName).toList();
        if (options.engine() != null && names.stream().anyMatch(n -> n.equalsIgnoreCase(wanted))) {
            throw new ModelNotFoundException("engine " + wanted + " cannot run " + format.jsonName() + " bundles ("
                    + bundle.directory() + "); " + format.jsonName() + " runs on " + format.defaultEngine());
        }
        String artifact = engineArtifact(wanted, format);
        throw new ModelNotFoundException("no " + wanted + " engine on the classpath to run the " + format.jsonName()
                + " bundle " + bundle.directory() + ": add the Maven dependency io.github.covidxray:" + artifact
                + " (engines found: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    private static String engineArtifact(String engine, ModelFormat format) {
        for (ModelFormat f : ModelFormat.values()) {
            if (f.defaultEngine().equalsIgnoreCase(engine)) {
                return f.artifact();
            }
        }
        return format.artifact();
    }
}
