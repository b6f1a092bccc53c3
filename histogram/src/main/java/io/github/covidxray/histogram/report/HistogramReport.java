package io.github.covidxray.histogram.report;

import io.github.covidxray.histogram.audit.AuditResult;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.compare.ClassComparator;
import io.github.covidxray.histogram.compare.ClassComparison;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the analysis of one dataset produced: the per-class analysis, the comparison of every pair
 * of classes, and the shortcut audit. An immutable value.
 *
 * @param dataset a description of the dataset (its folder or manifest)
 * @param analysis the per-class analysis
 * @param comparisons one comparison per pair of classes, in label order
 * @param audit the shortcut audit, or {@code null} when it was not run
 */
public record HistogramReport(String dataset, DatasetAnalysis analysis, List<ClassComparison> comparisons,
        AuditResult audit) {

    /** Copies the list. */
    public HistogramReport {
        comparisons = List.copyOf(comparisons);
    }

    /**
     * Compares every pair of analysed classes and, when the analysis has features and at least two classes,
     * runs the audit.
     *
     * @param dataset a description of the dataset
     * @param analysis the per-class analysis
     * @param audit the audit to run, or {@code null} to skip it
     * @return the report
     */
    public static HistogramReport of(String dataset, DatasetAnalysis analysis, ShortcutAudit audit) {
        List<ClassComparison> comparisons = new ArrayList<>();
        List<String> labels = analysis.labels();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                comparisons.add(ClassComparator.compare(analysis.summary(labels.get(i)), analysis.summary(labels.get(j))));
            }
        }
        AuditResult result = audit != null && analysis.features() != null && labels.size() >= 2
                ? audit.run(analysis.features()) : null;
        return new HistogramReport(dataset, analysis, comparisons, result);
    }
}
