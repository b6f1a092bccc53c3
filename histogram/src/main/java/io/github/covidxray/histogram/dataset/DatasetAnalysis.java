package io.github.covidxray.histogram.dataset;

import io.github.covidxray.core.data.ScanProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing a dataset's histograms: one {@link ClassSummary} per class, the statistics of
 * every image, the images that were skipped and, when asked for, the audit features. An immutable value.
 *
 * @param labels the analysed classes, in the order asked for
 * @param classes the summary of each class, keyed and ordered by label
 * @param images the analysed images in dataset order
 * @param skipped files that could not be analysed (listing problems and unreadable images), with reasons
 * @param features the audit features, or {@code null} when the analysis did not extract them
 */
public record DatasetAnalysis(List<String> labels, Map<String, ClassSummary> classes, List<ImageSummary> images,
        List<ScanProblem> skipped, FeatureTable features) {

    /** Makes the collections unmodifiable. */
    public DatasetAnalysis {
        labels = List.copyOf(labels);
        classes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classes));
        images = List.copyOf(images);
        skipped = List.copyOf(skipped);
    }

    /**
     * @param label a class label
     * @return its summary
     * @throws IllegalArgumentException if the class was not analysed
     */
    public ClassSummary summary(String label) {
        ClassSummary s = classes.get(label);
        if (s == null) {
            throw new IllegalArgumentException("class '" + label + "' was not analysed; classes are " + labels);
        }
        return s;
    }

    /** @return the number of histogram bins of the class summaries */
    public int bins() {
        return classes.values().iterator().next().bins();
    }
}
