package io.github.covidxray.cli;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a batch of inputs so that one bad input costs only itself: inputs that cannot be decoded
 * are reported, the rest go to the model in one call, and if the engine fails on that call each image is
 * retried alone. Stateless and thread-safe (as thread-safe as the classifier, which is).
 */
public final class BatchClassification {

    private static final Logger LOG = LoggerFactory.getLogger(BatchClassification.class);

    private BatchClassification() {}

    /** An input that can be decoded into an image. */
    @FunctionalInterface
    public interface Input {
        /**
         * @return the decoded image; its {@link XrayImage#source()} names the input in messages
         * @throws InvalidImageException if the input is not a readable image
         */
        XrayImage read() throws InvalidImageException;
    }

    /**
     * The result for one input: a prediction or the reason there is none. Immutable.
     *
     * @param prediction the prediction, or {@code null} on failure
     * @param error why the input could not be classified, or {@code null} on success
     */
    public record Outcome(Prediction prediction, String error) {
        /** @return whether the input was classified */
        public boolean ok() {
            return prediction != null;
        }
    }

    /**
     * @param classifier the classifier
     * @param inputs the inputs
     * @return one outcome per input, in the same order
     */
    public static List<Outcome> classify(CovidClassifier classifier, List<? extends Input> inputs) {
        List<Outcome> outcomes = new ArrayList<>(inputs.size());
        List<XrayImage> images = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Input input : inputs) {
            try {
                images.add(input.read());
                positions.add(outcomes.size());
                outcomes.add(null);
            } catch (InvalidImageException e) {
                outcomes.add(new Outcome(null, e.getMessage()));
            }
        }
        List<Prediction> predictions = predict(classifier, images);
        for (int i = 0; i < images.size(); i++) {
            Prediction p = predictions.get(i);
            outcomes.set(positions.get(i), p != null ? new Outcome(p, null)
                    : new Outcome(null, images.get(i).source() + ": the model failed on this image"));
        }
        return outcomes;
    }

    private static List<Prediction> predict(CovidClassifier classifier, List<XrayImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            return classifier.classify(images);
        } catch (TranslateException batchFailure) {
            List<Prediction> predictions = new ArrayList<>(images.size());
            for (XrayImage image : images) {
                try {
                    predictions.add(classifier.classify(image));
                } catch (TranslateException e) {
                    LOG.warn("{}: the model failed on this image: {}", image.source(), e.getMessage());
                    predictions.add(null);
                }
            }
            return predictions;
        }
    }
}
