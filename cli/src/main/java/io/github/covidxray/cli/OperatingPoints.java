package io.github.covidxray.cli;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.ThresholdChoice;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import java.io.PrintWriter;

/** Chooses a bundle's operating point on labelled data and stores it in its {@code model.json}. */
final class OperatingPoints {

    private OperatingPoints() {}

    /**
     * Scores {@code data} with the bundle, picks the threshold on P({@code label}) that keeps sensitivity at
     * {@code target} with the best specificity, and rewrites the bundle's card with it.
     *
     * <p>The stored threshold lies halfway between the lowest score that must be flagged and the next lower
     * score in the data, not on the boundary score itself: the counts on these data are the same, and the
     * about-1e-7 differences between engines (ONNX Runtime vs PyTorch) cannot flip the boundary case.
     *
     * @return the rewritten bundle
     */
    static ModelBundle choose(ModelBundle bundle, XrayDataset data, String label, double target, int batch,
            PrintWriter err) throws Exception {
        DatasetScorer.Scores scores;
        try (CovidClassifier classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle.directory())
                .optPoolSize(1).optMaxBatchSize(batch).build()); ProgressBar bar = new ProgressBar(err, "operating point")) {
            scores = DatasetScorer.score(classifier, data.records(), bar);
        }
        int c = scores.labels().indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException("model " + bundle.card().name() + " has no class '" + label
                    + "'; classes are " + scores.labels());
        }
        ThresholdChoice choice = ThresholdChoice.forTargetSensitivity(scores.labels(), scores.trueIndex(),
                scores.probabilities(), c, target);
        double below = Double.NEGATIVE_INFINITY;
        for (double[] row : scores.probabilities()) {
            if (row[c] < choice.threshold()) {
                below = Math.max(below, row[c]);
            }
        }
        double threshold = below > Double.NEGATIVE_INFINITY ? (choice.threshold() + below) / 2 : choice.threshold();
        OperatingPoint point = new OperatingPoint(label, threshold, target, choice.sensitivity(), choice.specificity());
        return ModelBundle.write(bundle.directory(), bundle.card().withOperatingPoint(point), bundle.weightsFile());
    }
}
