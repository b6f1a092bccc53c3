package io.github.covidxray.core.eval;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs a classifier over labelled records, the step between a dataset and an {@link EvaluationReport}.
 * Images that cannot be read are reported and skipped; the rest are classified on the batch path.
 */
public final class DatasetScorer {

    private DatasetScorer() {}

    /**
     * The classifier's probabilities for each readable record.
     *
     * @param labels the model's labels (the columns of {@code probabilities})
     * @param records the records that were scored, in input order
     * @param trueIndex each record's true label as an index into {@code labels}
     * @param probabilities one row per scored record
     * @param failures records that were skipped, with the reason
     */
    public record Scores(List<String> labels, List<XrayRecord> records, int[] trueIndex, double[][] probabilities,
            List<ScanProblem> failures) {

        /** @return patient ids per record, {@code null} where unknown */
        public String[] patientIds() {
            return records.stream().map(XrayRecord::patientId).toArray(String[]::new);
        }

        /**
         * @param options the evaluation options
         * @return the report
         */
        public EvaluationReport evaluate(EvaluationOptions options) {
            return Evaluator.evaluate(labels, trueIndex, probabilities, patientIds(), options);
        }
    }

    /**
     * Scores records through the classifier's batch path ({@link CovidClassifier#classifyEach}): files are
     * read the way the model expects and decoded while earlier batches run, within the classifier's pixel
     * budget. Records that cannot be read, or on which the model fails, are listed in
     * {@link Scores#failures()} with the reason and left out of the scores.
     *
     * @param classifier the classifier
     * @param records the records; every label must be one of the model's labels
     * @param progress receives (images done, total) after each image
     * @return the scores
     * @throws IllegalArgumentException if a record's label is not one of the model's
     * @throws IllegalStateException if the classifier is closed
     */
    public static Scores score(CovidClassifier classifier, List<XrayRecord> records, ProgressListener progress) {
        List<String> labels = classifier.card().labels();
        for (XrayRecord r : records) {
            if (!labels.contains(r.label())) {
                throw new IllegalArgumentException("dataset label '" + r.label() + "' (" + r.file()
                        + ") is not one of the model's labels " + labels);
            }
        }
        List<XrayRecord> scored = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<ScanProblem> failures = new ArrayList<>();
        Iterator<XrayRecord> next = records.iterator();
        int[] done = {0};
        classifier.classifyEach(records.stream().map(r -> ImageSource.of(r.file())).iterator(), outcome -> {
            XrayRecord r = next.next();
            if (outcome.ok()) {
                rows.add(outcome.prediction().probabilities().stream().mapToDouble(Double::doubleValue).toArray());
                scored.add(r);
            } else {
                failures.add(new ScanProblem(r.file(), outcome.error()));
            }
            progress.progress(++done[0], records.size(), "");
        });
        if (done[0] < records.size()) {
            throw new IllegalStateException("scoring interrupted after " + done[0] + " of " + records.size()
                    + " images");
        }
        int[] truth = scored.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        return new Scores(labels, scored, truth, rows.toArray(double[][]::new), failures);
    }
}
