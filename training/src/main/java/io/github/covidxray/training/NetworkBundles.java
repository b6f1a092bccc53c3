package io.github.covidxray.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.training.nn.Architectures;
import io.github.covidxray.training.nn.ClassifierNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads model bundles whose weights are DJL {@code .params} of a network from
 * {@link Architectures}. The weight file is named {@code <model name>-0000.params}, the form DJL's
 * {@code Model.load(dir, prefix)} finds. Stateless and thread-safe.
 */
public final class NetworkBundles {

    private static final Pattern PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

    private NetworkBundles() {}

    /**
     * Saves a model's weights into {@code dir} and writes {@code model.json} beside them.
     *
     * @param model a model whose block is the trained network
     * @param card the card; its weights and checksum are filled in here
     * @param dir the bundle folder, created if needed
     * @return the written bundle
     * @throws IOException if writing fails
     */
    public static ModelBundle write(Model model, ModelCard card, Path dir) throws IOException {
        Files.createDirectories(dir);
        String prefix = card.name();
        model.setProperty("Epoch", "0");
        model.save(dir, prefix);
        Path weights = dir.resolve(prefix + "-0000.params");
        ModelCard named = card.withFormat(ModelFormat.DJL).withWeights(weights.getFileName().toString(), "");
        if (model.getBlock() instanceof ClassifierNetwork network) {
            // The PyTorch backend then asks the network for its features and maps too (see MultiOutputBlock).
            named = named.withOutputs(network.supportedOutputs());
        }
        return ModelBundle.write(dir, named, weights);
    }

    /**
     * Loads a DJL-format bundle into a new model whose block is the network named in the card.
     *
     * @param bundle a verified bundle
     * @param engine the DJL engine, for example {@code PyTorch}
     * @return the model (close it); its block is a {@link ClassifierNetwork}
     * @throws InvalidBundleException if the bundle is not DJL format, names an unknown architecture or its
     *     weights do not fit the network
     */
    public static Model load(ModelBundle bundle, String engine) throws InvalidBundleException {
        ModelCard card = bundle.card();
        if (card.format() != ModelFormat.DJL) {
            throw new InvalidBundleException(bundle.directory() + ": format " + card.format().jsonName()
                    + " is not DJL parameters");
        }
        Matcher m = PARAMS.matcher(card.weights());
        if (!m.matches()) {
            throw new InvalidBundleException(bundle.directory() + ": weights '" + card.weights()
                    + "' not named <prefix>-NNNN.params as DJL needs");
        }
        ClassifierNetwork network;
        try {
            network = Architectures.create(card.architecture(), card.preprocessing().channels(), card.labels().size(),
                    Architectures.DEFAULT_DROPOUT);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(bundle.directory() + ": " + e.getMessage(), e);
        }
        Model model = Model.newInstance(card.name(), engine);
        try {
            model.setBlock(network);
            model.load(bundle.directory(), m.group(1), Map.of("epoch", m.group(2)));
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidBundleException(bundle.directory() + ": cannot load " + card.weights() + " into "
                    + card.architecture() + " with " + card.labels().size() + " classes: " + e.getMessage(), e);
        }
    }
}
