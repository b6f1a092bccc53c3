package io.github.covidxray.core.eval;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a classifier over labelled records, the step between a dataset and an {@link EvaluationReport}.
 * Images that cannot be read are reported and skipped; the rest are classified in batches.
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
     * Scores records.
     *
     * @param classifier the classifier
     * @param records the records; every label must be one of the model's labels
     * @param batchSize images per call to the classifier
     * @param readOptions how to read images
     * @param progress receives (images done, total)
     * @return the scores
     * @throws TranslateException if the engine fails
     * @throws IllegalArgumentException if a record's label is not one of the model's
     */
    public static Scores score(CovidClassifier classifier, List<XrayRecord> records, int batchSize,
            ReadOptions readOptions, ProgressListener progress) throws TranslateException {
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
        List<XrayImage> batch = new ArrayList<>();
        List<XrayRecord> batchRecords = new ArrayList<>();
        int done = 0;
        for (XrayRecord r : records) {
            try {
                batch.add(XrayImage.read(r.file(), readOptions));
                batchRecords.add(r);
            } catch (InvalidImageException e) {
                failures.add(new ScanProblem(r.file(), e.getMessage()));
            }
            done++;
            if (batch.size() == batchSize) {
                flush(classifier, batch, batchRecords, scored, rows);
                progress.progress(done, records.size(), "");
            }
        }
        flush(classifier, batch, batchRecords, scored, rows);
        progress.progress(done, records.size(), "");
        int[] truth = scored.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        return new Scores(labels, scored, truth, rows.toArray(double[][]::new), failures);
    }

    private static void flush(CovidClassifier classifier, List<XrayImage> batch, List<XrayRecord> batchRecords,
            List<XrayRecord> scored, List<double[]> rows) throws TranslateException {
        if (batch.isEmpty()) {
            return;
        }
        List<Prediction> predictions = classifier.classify(batch);
        for (int i = 0; i < predictions.size(); i++) {
            rows.add(predictions.get(i).probabilities().stream().mapToDouble(Double::doubleValue).toArray());
            scored.add(batchRecords.get(i));
        }
        batch.clear();
        batchRecords.clear();
    }
}
