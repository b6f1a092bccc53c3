package io.github.covidxray.core.eval;

/**
 * One class's metrics, one-vs-rest, with bootstrap intervals. Immutable and thread-safe. Undefined
 * metrics are {@code NaN} as described in {@link ConfusionMatrix} and {@link RocCurve}.
 *
 * @param label the class
 * @param support samples whose true class this is
 * @param predicted samples predicted as this class
 * @param auc ROC-AUC of this class's probability against the rest
 * @param sensitivity recall of the arg-max prediction
 * @param specificity specificity of the arg-max prediction
 * @param ppv positive predictive value (precision)
 * @param npv negative predictive value
 * @param f1 F1 score
 */
public record ClassMetrics(String label, int support, int predicted, Estimate auc, Estimate sensitivity,
        Estimate specificity, Estimate ppv, Estimate npv, Estimate f1) {}
