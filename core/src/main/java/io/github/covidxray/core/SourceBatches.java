package io.github.covidxray.core;

import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and classifies a list of sources so that one bad input costs only itself: inputs that cannot be
 * decoded get a failed outcome, the rest go to the model in batches, and if the engine fails on a batch each
 * of its images is retried alone.
 */
final class SourceBatches {

    private static final Logger LOG = LoggerFactory.getLogger(SourceBatches.class);

    private SourceBatches() {}

    static List<ClassificationOutcome> classify(CovidClassifier classifier, List<? extends ImageSource> sources) {
        ReadOptions options = classifier.readOptions();
        List<ClassificationOutcome> outcomes = new ArrayList<>(sources.size());
        List<XrayImage> images = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (ImageSource source : sources) {
            try {
                images.add(source.read(options).withSource(source.name()));
                positions.add(outcomes.size());
                outcomes.add(null);
            } catch (InvalidImageException e) {
                outcomes.add(ClassificationOutcome.failure(source.name(), e));
            }
        }
        if (images.isEmpty()) {
            return outcomes;
        }
        try {
            List<Prediction> predictions = classifier.classify(images);
            for (int i = 0; i < images.size(); i++) {
                outcomes.set(positions.get(i), ClassificationOutcome.success(images.get(i).source(), predictions.get(i)));
            }
        } catch (TranslateException | RuntimeException batchFailure) {
            if (batchFailure instanceof IllegalStateException closed) {
                throw closed;
            }
            for (int i = 0; i < images.size(); i++) {
                outcomes.set(positions.get(i), classifyAlone(classifier, images.get(i)));
            }
        }
        return outcomes;
    }

    private static ClassificationOutcome classifyAlone(CovidClassifier classifier, XrayImage image) {
        try {
            return ClassificationOutcome.success(image.source(), classifier.classify(image));
        } catch (TranslateException | RuntimeException e) {
            if (e instanceof IllegalStateException closed) {
                throw closed;
            }
            LOG.warn("{}: the model failed on this image: {}", image.source(), e.getMessage());
            return ClassificationOutcome.failure(image.source(), new ClassificationException(
                    image.source() + ": the model failed on this image: " + e.getMessage(), e));
        }
    }
}
