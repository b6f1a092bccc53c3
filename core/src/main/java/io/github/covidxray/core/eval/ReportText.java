package io.github.covidxray.core.eval;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Formats an {@link EvaluationReport} as a plain-text table for people. */
final class ReportText {

    private static final String ROW_HEADER = "%-19s";
    private static final String CELL = "%-22s";

    private ReportText() {}

    static String format(EvaluationReport r) {
        StringBuilder sb = new StringBuilder();
        BootstrapSummary b = r.bootstrap();
        sb.append(String.format(Locale.ROOT, "n = %d", r.n()));
        if (b.resamples() > 0) {
            sb.append(String.format(Locale.ROOT, "; %.0f%% CIs from %d bootstrap resamples of %d %ss (seed %d)",
                    100 * b.confidenceLevel(), b.resamples(), b.units(), b.unit(), b.seed()));
        }
        sb.append('\n');
        overall(sb, "accuracy", r.accuracy());
        overall(sb, "balanced accuracy", r.balancedAccuracy());
        overall(sb, "macro F1", r.macroF1());
        overall(sb, "macro AUC", r.macroAuc());
        sb.append(String.format(Locale.ROOT, ROW_HEADER + "%s%n", "ECE (" + r.calibration().bins() + " bins)",
                number(r.calibration().expectedCalibrationError())));
        sb.append('\n');
        perClass(sb, r.perClass());
        sb.append('\n');
        confusion(sb, r.confusion());
        ThresholdChoice op = r.operatingPoint();
        sb.append(String.format(Locale.ROOT,
                "%noperating point for %s (target sensitivity %s): P(%s) >= %s gives sensitivity %s, specificity %s%n",
                op.label(), number(op.targetSensitivity()), op.label(), number(op.threshold()),
                number(op.sensitivity()), number(op.specificity())));
        return sb.toString();
    }

    private static void overall(StringBuilder sb, String name, Estimate e) {
        sb.append(String.format(Locale.ROOT, ROW_HEADER + "%s%n", name, estimate(e)));
    }

    private static void perClass(StringBuilder sb, List<ClassMetrics> classes) {
        sb.append(String.format(Locale.ROOT, ROW_HEADER, "class"));
        classes.forEach(c -> sb.append(String.format(Locale.ROOT, CELL,
                c.label() + " (n=" + c.support() + ")")));
        sb.append('\n');
        row(sb, classes, "AUC", ClassMetrics::auc);
        row(sb, classes, "sensitivity", ClassMetrics::sensitivity);
        row(sb, classes, "specificity", ClassMetrics::specificity);
        row(sb, classes, "PPV", ClassMetrics::ppv);
        row(sb, classes, "NPV", ClassMetrics::npv);
        row(sb, classes, "F1", ClassMetrics::f1);
    }

    private static void row(StringBuilder sb, List<ClassMetrics> classes, String name,
            Function<ClassMetrics, Estimate> metric) {
        sb.append(String.format(Locale.ROOT, ROW_HEADER, name));
        classes.forEach(c -> sb.append(String.format(Locale.ROOT, CELL, estimate(metric.apply(c)))));
        sb.append('\n');
    }

    private static void confusion(StringBuilder sb, ConfusionMatrix cm) {
        sb.append("confusion matrix (rows: true, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, ROW_HEADER, ""));
        cm.labels().forEach(l -> sb.append(String.format(Locale.ROOT, "%12s", l)));
        sb.append('\n');
        for (int t = 0; t < cm.numClasses(); t++) {
            sb.append(String.format(Locale.ROOT, ROW_HEADER, cm.labels().get(t)));
            for (int p = 0; p < cm.numClasses(); p++) {
                sb.append(String.format(Locale.ROOT, "%12d", cm.count(t, p)));
            }
            sb.append('\n');
        }
    }

    private static String estimate(Estimate e) {
        String value = number(e.value());
        return e.hasInterval() ? value + " [" + number(e.lower()) + ", " + number(e.upper()) + "]" : value;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
