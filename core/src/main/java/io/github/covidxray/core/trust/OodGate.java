package io.github.covidxray.core.trust;

import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.model.OodSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A bundle's out-of-distribution gate as used at inference: the pooled-feature {@link MahalanobisGate}, the
 * roughness limit and, in bundles calibrated since it exists, the image statistics gate, combined as
 * {@link OodSettings#combinedScore}. The input-side checks run on the preprocessed input before the forward
 * pass (its buffer is reused afterwards); the feature score after it. Immutable and thread-safe.
 */
public final class OodGate {

    private final OodSettings settings;
    private final MahalanobisGate features;
    private final MahalanobisGate image;

    private OodGate(OodSettings settings, MahalanobisGate features, MahalanobisGate image) {
        this.settings = settings;
        this.features = features;
        this.image = image;
    }

    /**
     * @param bundle a loaded (checksum-verified) bundle
     * @return its gate, or {@code null} when the card has none
     * @throws InvalidBundleException if the method is unknown, the model lacks pooled features or a statistics
     *     file cannot be read
     */
    public static OodGate load(ModelBundle bundle) throws InvalidBundleException {
        ModelCard card = bundle.card();
        OodSettings ood = card.ood();
        if (ood == null) {
            return null;
        }
        if (!OodSettings.MAHALANOBIS.equals(ood.method())) {
            throw new InvalidBundleException(bundle.directory() + ": ood method '" + ood.method()
                    + "' is not supported (known: " + OodSettings.MAHALANOBIS + ")");
        }
        if (!card.has(ModelOutput.POOLED_FEATURES)) {
            throw new InvalidBundleException(bundle.directory() + ": model.json has an ood gate but its outputs "
                    + card.outputList() + " lack " + ModelOutput.POOLED_FEATURES.jsonName());
        }
        MahalanobisGate image = null;
        if (bundle.oodImageFile().isPresent()) {
            image = read(bundle, bundle.oodImageFile().get());
            if (image.featureCount() != ImageChecks.STATISTICS) {
                throw new InvalidBundleException(bundle.directory() + ": " + ood.imageFile() + " has "
                        + image.featureCount() + " image statistics, this library computes " + ImageChecks.STATISTICS);
            }
        }
        return new OodGate(ood, read(bundle, bundle.oodFile().orElseThrow()), image);
    }

    private static MahalanobisGate read(ModelBundle bundle, Path file) throws InvalidBundleException {
        try {
            return MahalanobisGate.read(file);
        } catch (IOException e) {
            throw new InvalidBundleException(bundle.directory() + ": cannot read the ood statistics: " + e.getMessage(), e);
        }
    }

    /** @return the pooled feature length the gate expects */
    public int featureCount() {
        return features.featureCount();
    }

    /**
     * The checks on the preprocessed input, to run before its buffer is reused.
     *
     * @param chw preprocessed inputs
     * @param offset where this input starts
     * @param width input width
     * @param height input height
     * @return what {@link #score} needs from the input
     */
    public InputChecks checkInput(float[] chw, int offset, int width, int height) {
        boolean limited = settings.roughnessMax() != null;
        if (image == null) {
            return new InputChecks(limited ? ImageChecks.roughness(chw, offset, width, height) : 0, 0);
        }
        // One roughness pass for both checks: the hard check compares the double, the statistics hold it as float.
        double roughness = ImageChecks.roughness(chw, offset, width, height);
        double imageScore = image.score(ImageChecks.statistics(chw, offset, width, height, roughness));
        return new InputChecks(limited ? roughness : 0, imageScore);
    }

    /**
     * @param pooledFeatures the input's pooled features from the forward pass
     * @param input its {@link #checkInput input checks}
     * @return the combined score; above 1 = out of distribution
     */
    public double score(float[] pooledFeatures, InputChecks input) {
        return scores(new float[][] {pooledFeatures}, new InputChecks[] {input})[0];
    }

    /**
     * The combined scores of a batch, in one pass over the feature statistics.
     *
     * @param pooledFeatures each input's pooled features from the forward pass
     * @param inputs their {@link #checkInput input checks}, in the same order
     * @return one combined score per input; above 1 = out of distribution
     */
    public double[] scores(float[][] pooledFeatures, InputChecks[] inputs) {
        double[] scores = features.scores(pooledFeatures);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = settings.combinedScore(scores[i], inputs[i].roughness(), inputs[i].imageScore());
        }
        return scores;
    }

    /**
     * Input-side scores of one input.
     *
     * @param roughness its roughness (0 when the bundle has no roughness limit)
     * @param imageScore its image statistics gate score (0 when the bundle has none)
     */
    public record InputChecks(double roughness, double imageScore) {}
}
