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
 * are reported, the rest go to the model in one call, and if the engine fails on that call (a
 * {@code TranslateException} or an engine's runtime exception) each image is retried alone. Used by
 * {@code classify}, {@code score} and the HTTP service. Stateless and thread-safe (as thread-safe as the
 * classifier, which is).
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
     * @param error why the input could not be classified, naming the input; {@code null} on success
     * @param cause the exception behind {@code error}, for stack traces; {@code null} on success
     */
    public record Outcome(Prediction prediction, String error, Exception cause) {
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
                outcomes.add(new Outcome(null, e.getMessage(), e));
            }
        }
        if (images.isEmpty()) {
            return outcomes;
        }
        try {
            List<Prediction> predictions = classifier.classify(images);
            for (int i = 0; i < images.size(); i++) {
                outcomes.set(positions.get(i), new Outcome(predictions.get(i), null, null));
            }
        } catch (TranslateException | RuntimeException batchFailure) {
            for (int i = 0; i < images.size(); i++) {
                outcomes.set(positions.get(i), classifyAlone(classifier, images.get(i)));
            }
        }
        return outcomes;
    }

    private static Outcome classifyAlone(CovidClassifier classifier, XrayImage image) {
        try {
            return new Outcome(classifier.classify(image), null, null);
        } catch (TranslateException | RuntimeException e) {
            LOG.warn("{}: the model failed on this image: {}", image.source(), e.getMessage());
            return new Outcome(null, image.source() + ": the model failed on this image: " + e.getMessage(), e);
        }
    }
}
