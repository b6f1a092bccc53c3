package io.github.covidxray.core.eval;

import java.util.List;

/**
 * The bootstrapped metrics of one evaluation as a flat vector, computed from sample multiplicities so the
 * point estimate (all multiplicities 1) and every resample go through the same code. Layout: the
 * {@link #OVERALL} overall metrics, then {@link #PER_CLASS} metrics for each class in label order.
 */
final class MetricSet {

    static final int ACCURACY = 0;
    static final int BALANCED_ACCURACY = 1;
    static final int MACRO_F1 = 2;
    static final int MACRO_AUC = 3;
    static final int OVERALL = 4;

    static final int AUC = 0;
    static final int SENSITIVITY = 1;
    static final int SPECIFICITY = 2;
    static final int PPV = 3;
    static final int NPV = 4;
    static final int F1 = 5;
    static final int PER_CLASS = 6;

    private final List<String> labels;
    private final int[] trueIdx;
    private final int[] predIdx;
    private final RankedScores[] ranked;

    MetricSet(List<String> labels, int[] trueIdx, int[] predIdx, RankedScores[] ranked) {
        this.labels = labels;
        this.trueIdx = trueIdx;
        this.predIdx = predIdx;
        this.ranked = ranked;
    }

    int size() {
        return OVERALL + PER_CLASS * labels.size();
    }

    static int index(int classIndex, int metric) {
        return OVERALL + PER_CLASS * classIndex + metric;
    }

    /** @param weights multiplicity of each sample, or null for once each */
    double[] compute(int[] weights) {
        ConfusionMatrix cm = ConfusionMatrix.weighted(labels, trueIdx, predIdx, weights);
        double[] v = new double[size()];
        double[] aucs = new double[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            aucs[c] = ranked[c].auc(weights);
            v[index(c, AUC)] = aucs[c];
            v[index(c, SENSITIVITY)] = cm.sensitivity(c);
            v[index(c, SPECIFICITY)] = cm.specificity(c);
            v[index(c, PPV)] = cm.ppv(c);
            v[index(c, NPV)] = cm.npv(c);
            v[index(c, F1)] = cm.f1(c);
        }
        v[ACCURACY] = cm.accuracy();
        v[BALANCED_ACCURACY] = cm.balancedAccuracy();
        v[MACRO_F1] = cm.macroF1();
        v[MACRO_AUC] = Inputs.meanIgnoringNaN(aucs);
        return v;
    }
}
