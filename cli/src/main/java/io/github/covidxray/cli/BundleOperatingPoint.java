package io.github.covidxray.cli;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.OperatingPoints;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import java.io.PrintWriter;

/**
 * The {@code threshold} and {@code calibrate} commands' shared step: score labelled data with a bundle, let the
 * library choose the operating point ({@link OperatingPoints}, which also says how the threshold is stored) and
 * write it into the bundle's {@code model.json}.
 */
final class BundleOperatingPoint {

    private BundleOperatingPoint() {}

    /** @return the rewritten bundle */
    static ModelBundle chooseAndStore(ModelBundle bundle, XrayDataset data, String label, double target, int batch,
            PrintWriter err) throws Exception {
        DatasetScorer.Scores scores;
        try (CovidClassifier classifier = CovidClassifier.load(ClassifierOptions.builder().setBundle(bundle.directory())
                .optPoolSize(1).optMaxBatchSize(batch).build()); ProgressBar bar = new ProgressBar(err, "operating point")) {
            scores = DatasetScorer.score(classifier, data.records(), bar);
        }
        OperatingPoint point = OperatingPoints.choose(scores.labels(), scores.trueIndex(),
                scores.probabilities(), label, target);
        return ModelBundle.write(bundle.directory(), bundle.card().withOperatingPoint(point), bundle.weightsFile());
    }
}
