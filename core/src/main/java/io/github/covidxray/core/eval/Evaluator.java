package io.github.covidxray.core.eval;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates class probabilities against true labels: every metric of an {@link EvaluationReport}, with
 * percentile bootstrap confidence intervals. Stateless and thread-safe.
 *
 * <p>The intervals resample patients when patient ids are given (all images of a patient enter or leave a
 * resample together) and images otherwise. A resample in which a metric is undefined (for example no
 * positives of a rare class, so no AUC) is left out of that metric's interval; a warning is logged when
 * that happens to more than {@value #DROPPED_WARNING_PERCENT}% of resamples, since the interval is then
 * conditional on the class being present.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    /** Percentage of undefined resamples above which an interval gets a warning. */
    static final int DROPPED_WARNING_PERCENT = 5;

    private Evaluator() {}

    /**
     * Evaluates predictions.
     *
     * @param labels the class names, in index order (at least 2, distinct)
     * @param trueIdx the true class index of each sample
     * @param probs {@code probs[sample][class]}: each row a probability distribution over {@code labels}
     * @param patientIdsOrNull a patient id per sample for patient-level resampling, or null to resample
     *     images; a null or blank id makes its image a patient of its own
     * @param options the settings
     * @return the report
     * @throws IllegalArgumentException if the inputs are empty or inconsistent, naming the sample and the
     *     expected and found values
     */
    public static EvaluationReport evaluate(List<String> labels, int[] trueIdx, double[][] probs,
            String[] patientIdsOrNull, EvaluationOptions options) {
        validate(labels, trueIdx, probs, patientIdsOrNull);
        int positive = positiveClass(labels, options.positiveLabel());
        int k = labels.size();
        int[] predIdx = Inputs.argmax(probs);
        RankedScores[] ranked = new RankedScores[k];
        for (int c = 0; c < k; c++) {
            ranked[c] = new RankedScores(Inputs.isClass(trueIdx, c), Inputs.column(probs, c));
        }
        MetricSet metrics = new MetricSet(labels, trueIdx, predIdx, ranked);
        BootstrapResampler resampler = new BootstrapResampler(trueIdx.length, patientIdsOrNull, options.seed());
        Estimate[] estimates = estimate(metrics, resampler, options);

        List<ClassMetrics> perClass = new ArrayList<>(k);
        List<RocCurve> curves = new ArrayList<>(k);
        ConfusionMatrix confusion = ConfusionMatrix.of(labels, trueIdx, predIdx);
        for (int c = 0; c < k; c++) {
            perClass.add(new ClassMetrics(labels.get(c), confusion.support(c), confusion.predicted(c),
                    estimates[MetricSet.index(c, MetricSet.AUC)],
                    estimates[MetricSet.index(c, MetricSet.SENSITIVITY)],
                    estimates[MetricSet.index(c, MetricSet.SPECIFICITY)],
                    estimates[MetricSet.index(c, MetricSet.PPV)],
                    estimates[MetricSet.index(c, MetricSet.NPV)],
                    estimates[MetricSet.index(c, MetricSet.F1)]));
            curves.add(RocCurve.of(labels.get(c), ranked[c]));
        }
        ThresholdChoice op = ThresholdChoice.forTargetSensitivity(labels.get(positive),
                Inputs.isClass(trueIdx, positive), Inputs.column(probs, positive), options.targetSensitivity());
        BootstrapSummary summary = new BootstrapSummary(options.bootstrapResamples(), options.seed(),
                options.confidenceLevel(), resampler.isClustered(), resampler.units());
        return new EvaluationReport(labels, trueIdx.length, estimates[MetricSet.ACCURACY],
                estimates[MetricSet.BALANCED_ACCURACY], estimates[MetricSet.MACRO_F1], estimates[MetricSet.MACRO_AUC],
                perClass, confusion, curves, Calibration.topLabel(trueIdx, probs, options.calibrationBins()), op,
                summary);
    }

    /** Point estimates and, when resamples are asked for, their percentile intervals. */
    private static Estimate[] estimate(MetricSet metrics, BootstrapResampler resampler, EvaluationOptions options) {
        double[] point = metrics.compute(null);
        int resamples = options.bootstrapResamples();
        Estimate[] estimates = new Estimate[point.length];
        if (resamples == 0) {
            for (int m = 0; m < point.length; m++) {
                estimates[m] = Estimate.of(point[m]);
            }
            return estimates;
        }
        double[][] replicates = new double[point.length][resamples];
        for (int b = 0; b < resamples; b++) {
            double[] v = metrics.compute(resampler.nextWeights());
            for (int m = 0; m < point.length; m++) {
                replicates[m][b] = v[m];
            }
        }
        int worstDropped = 0;
        for (int m = 0; m < point.length; m++) {
            double[] interval = Percentiles.interval(replicates[m], options.confidenceLevel());
            estimates[m] = new Estimate(point[m], interval[0], interval[1]);
            if (!Double.isNaN(point[m])) {
                worstDropped = Math.max(worstDropped, countNaN(replicates[m]));
            }
        }
        if (worstDropped * 100L > (long) DROPPED_WARNING_PERCENT * resamples) {
            LOG.warn("{} of {} bootstrap resamples left a metric undefined (a class absent or never predicted);"
                    + " its interval is conditional on the resamples where it is defined", worstDropped, resamples);
        }
        return estimates;
    }

    private static int countNaN(double[] values) {
        int count = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                count++;
            }
        }
        return count;
    }

    private static int positiveClass(List<String> labels, String positiveLabel) {
        if (positiveLabel != null) {
            int c = labels.indexOf(positiveLabel);
            if (c < 0) {
                throw new IllegalArgumentException("positive label: expected one of " + labels + ", found "
                        + positiveLabel);
            }
            return c;
        }
        int c = labels.indexOf(EvaluationOptions.DEFAULT_POSITIVE_LABEL);
        return Math.max(c, 0);
    }

    private static void validate(List<String> labels, int[] trueIdx, double[][] probs, String[] patientIds) {
        Inputs.requireLabels(labels);
        if (trueIdx.length == 0) {
            throw new IllegalArgumentException("expected at least 1 sample, found 0");
        }
        if (probs.length != trueIdx.length) {
            throw new IllegalArgumentException("expected " + trueIdx.length + " probability rows (one per label), found "
                    + probs.length);
        }
        if (patientIds != null && patientIds.length != trueIdx.length) {
            throw new IllegalArgumentException("expected " + trueIdx.length + " patient ids, found " + patientIds.length);
        }
        Inputs.requireIndices(labels.size(), trueIdx, "trueIdx");
        Inputs.requireProbabilities(labels.size(), probs);
    }
}
