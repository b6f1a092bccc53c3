package io.github.covidxray.core.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two models scored on the same images: the difference of their one-vs-rest ROC AUCs (per class and
 * macro), with a percentile bootstrap interval from <em>paired</em> resamples: each resample draws patients
 * once and scores both models on that same draw, so what the two share (hard images, easy patients) cancels
 * out of the difference. An interval that contains 0 means this data cannot tell the models apart.
 * Immutable.
 *
 * @param labels the class labels
 * @param perClass the {@code B - A} AUC difference of each class, in label order
 * @param macro the macro-average AUC difference
 * @param bootstrap how the intervals were computed
 */
public record PairedComparison(List<String> labels, List<Estimate> perClass, Estimate macro,
        BootstrapSummary bootstrap) {

    /** Copies the lists. */
    public PairedComparison {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
    }

    /**
     * Compares model B with model A.
     *
     * @param labels the class names, in index order
     * @param trueIdx the true class of each image
     * @param probsA model A's probabilities, {@code [image][class]}
     * @param probsB model B's probabilities for the same images in the same order
     * @param patientIdsOrNull a patient id per image (resampling by patient), or null to resample images
     * @param options resamples, seed and confidence level
     * @return the differences {@code B - A}
     * @throws IllegalArgumentException if the inputs disagree in size
     */
    public static PairedComparison of(List<String> labels, int[] trueIdx, double[][] probsA, double[][] probsB,
            String[] patientIdsOrNull, EvaluationOptions options) {
        Inputs.requireLabels(labels);
        if (probsA.length != trueIdx.length || probsB.length != trueIdx.length) {
            throw new IllegalArgumentException("expected " + trueIdx.length + " rows of probabilities from each model,"
                    + " found " + probsA.length + " and " + probsB.length);
        }
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireProbabilities(labels.size(), probsA);
        Inputs.requireProbabilities(labels.size(), probsB);
        int k = labels.size();
        RankedScores[] a = new RankedScores[k];
        RankedScores[] b = new RankedScores[k];
        for (int c = 0; c < k; c++) {
            boolean[] positive = Inputs.isClass(trueIdx, c);
            a[c] = new RankedScores(positive, Inputs.column(probsA, c));
            b[c] = new RankedScores(positive, Inputs.column(probsB, c));
        }
        double[] point = differences(a, b, null);
        int resamples = options.bootstrapResamples();
        BootstrapResampler resampler = new BootstrapResampler(trueIdx.length, patientIdsOrNull, options.seed());
        double[][] replicates = new double[k + 1][resamples];
        for (int r = 0; r < resamples; r++) {
            double[] d = differences(a, b, resampler.nextWeights());
            for (int m = 0; m <= k; m++) {
                replicates[m][r] = d[m];
            }
        }
        Estimate[] estimates = new Estimate[k + 1];
        for (int m = 0; m <= k; m++) {
            if (resamples == 0) {
                estimates[m] = Estimate.of(point[m]);
            } else {
                double[] interval = Percentiles.interval(replicates[m], options.confidenceLevel());
                estimates[m] = new Estimate(point[m], interval[0], interval[1]);
            }
        }
        List<Estimate> perClass = new ArrayList<>(List.of(estimates).subList(0, k));
        return new PairedComparison(labels, perClass, estimates[k], new BootstrapSummary(resamples, options.seed(),
                options.confidenceLevel(), resampler.isClustered(), resampler.units()));
    }

    /** @return the per-class differences, then the macro difference (mean over classes defined in both) */
    private static double[] differences(RankedScores[] a, RankedScores[] b, int[] weights) {
        int k = a.length;
        double[] d = new double[k + 1];
        double[] aucA = new double[k];
        double[] aucB = new double[k];
        for (int c = 0; c < k; c++) {
            aucA[c] = a[c].auc(weights);
            aucB[c] = b[c].auc(weights);
            d[c] = aucB[c] - aucA[c];
        }
        d[k] = Inputs.meanIgnoringNaN(aucB) - Inputs.meanIgnoringNaN(aucA);
        return d;
    }

    /**
     * @param label a class label
     * @return that class's AUC difference
     * @throws IllegalArgumentException for an unknown label
     */
    public Estimate difference(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + label + "'; classes are " + labels);
        }
        return perClass.get(i);
    }

    /** @return whether any interval (per class or macro) excludes 0: a difference this data can show */
    public boolean anyDifferenceShown() {
        if (macro.hasInterval() && !macro.contains(0)) {
            return true;
        }
        return perClass.stream().anyMatch(e -> e.hasInterval() && !e.contains(0));
    }

    /** @return a JSON-ready map: {@code auc_difference} per class and {@code macro_auc_difference}, with intervals */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> classes = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            Map<String, Object> one = new LinkedHashMap<>();
            ReportJson.putEstimate(one, "difference", perClass.get(c));
            classes.put(labels.get(c), one);
        }
        m.put("auc_difference", classes);
        ReportJson.putEstimate(m, "macro_auc_difference", macro);
        m.put("bootstrap", ReportJson.bootstrap(bootstrap));
        return m;
    }
}
