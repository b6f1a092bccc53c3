package io.github.covidxray.cli;

import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.audit.AuditResult;
import io.github.covidxray.histogram.compare.ClassComparison;
import io.github.covidxray.histogram.dataset.ClassSummary;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.report.HistogramReport;
import io.github.covidxray.histogram.report.RegionComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The short human-readable summary of {@code analyze}. */
final class AnalysisSummary {

    /** |Cohen's d| at or above this is a "large" effect by the usual convention. */
    static final double LARGE_EFFECT = 0.8;

    private static final List<Statistic> TABLE =
            List.of(Statistic.MEAN, Statistic.STD, Statistic.P5, Statistic.P50, Statistic.P95, Statistic.ENTROPY);

    private AnalysisSummary() {}

    static void print(PrintWriter out, HistogramReport report, double scanSeconds, double totalSeconds,
            List<Path> written) {
        DatasetAnalysis a = report.analysis();
        out.printf(Locale.ROOT, "Dataset %s: %d images in %d classes analysed, %d skipped (scan %.1f s, total %.1f s)%n",
                report.dataset(), a.images().size(), a.labels().size(), a.skipped().size(), scanSeconds, totalSeconds);
        out.println();
        out.println("Per class (medians over images; intensities as a fraction of full scale):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-12s %7s", "class", "images"));
        for (Statistic s : TABLE) {
            header.append(String.format(Locale.ROOT, " %12s", s.key()));
        }
        out.println(header);
        for (ClassSummary c : a.classes().values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-12s %7d", c.label(), c.imageCount()));
            for (Statistic s : TABLE) {
                row.append(String.format(Locale.ROOT, " %12.3f", c.summary(s).median()));
            }
            out.println(row);
        }
        boolean strongDifference = false;
        if (!report.comparisons().isEmpty()) {
            out.println();
            out.println("Comparisons:");
        }
        for (ClassComparison c : report.comparisons()) {
            Statistic largest = c.largestEffect();
            double d = largest == null ? Double.NaN : c.cohensD().get(largest);
            out.printf(Locale.ROOT, "  %s vs %s: KS of image means %.3f (p=%s); KS of pooled intensities %.3f "
                    + "(p=%s, n = images, not pixels)%n", c.labelA(), c.labelB(), c.ksMeans().distance(),
                    p(c.ksMeans().pValue()), c.ksPooled().distance(), p(c.ksPooled().pValue()));
            out.printf(Locale.ROOT, "    mean histograms: Jensen-Shannon %.4f nats, EMD %.4f, chi-square %.4f, "
                    + "Bhattacharyya %.4f; largest effect: %s (Cohen's d %+.2f)%n", c.jensenShannon(),
                    c.earthMovers(), c.chiSquare(), c.bhattacharyya(), largest == null ? "-" : largest.key(), d);
            if (Math.abs(d) >= LARGE_EFFECT) {
                strongDifference = true;
            }
        }
        AuditResult audit = report.audit();
        if (audit != null) {
            out.println();
            out.printf(Locale.ROOT, "Shortcut audit (%d-fold cross-validation%s, linear model on intensity "
                    + "statistics + 16x16 thumbnail):%n", audit.folds(),
                    audit.groupedByPatient() ? ", grouped by patient" : ", no patient ids: grouped by image");
            audit.perClass().forEach((label, c) -> out.printf(Locale.ROOT, "  %-12s one-vs-rest ROC-AUC %.3f%n",
                    label, c.auc()));
            out.println();
            out.println(wrap(audit.message(), 100));
        }
        if (strongDifference && (audit == null || audit.level() != AuditResult.Level.STRONG)) {
            out.println();
            out.println(wrap("Note: at least one pair of classes differs by a large effect (|Cohen's d| >= 0.8) "
                    + "in a basic intensity statistic. Such differences often come from different scanners or "
                    + "post-processing rather than from disease; a classifier can learn them as a shortcut.", 100));
        }
        out.println();
        out.println("Wrote:");
        written.forEach(p -> out.println("  " + p));
    }

    private static String p(double p) {
        if (p < 1e-15) {
            return "<1e-15"; // below double precision of the asymptotic series: report a bound, not 0
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String word : text.split(" ")) {
            if (col > 0 && col + 1 + word.length() > width) {
                sb.append('\n');
                col = 0;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.toString();
    }

    /** The lung-only versus whole-image comparison of {@code analyze --region lungs}. */
    static void printRegionComparison(PrintWriter out, RegionComparison c, int analysed, int leftOut,
            List<Path> written) {
        out.printf(Locale.ROOT, "%d images analysed over the lungs and over the whole image; %d left out (no"
                + " plausible lung mask or unreadable)%n%n", analysed, leftOut);
        out.println("Class separation (whole image -> lungs only):");
        out.printf(Locale.ROOT, "  %-22s %17s %17s %17s %17s%n", "classes", "KS means", "Jensen-Shannon",
                "EMD", "d(mean)");
        for (RegionComparison.PairRow r : c.pairs()) {
            out.printf(Locale.ROOT, "  %-22s %7.3f -> %6.3f %7.4f -> %6.4f %7.4f -> %6.4f %7.2f -> %6.2f%n",
                    r.labelA() + " vs " + r.labelB(), r.whole().ksMeans().distance(), r.lungs().ksMeans().distance(),
                    r.whole().jensenShannon(), r.lungs().jensenShannon(), r.whole().earthMovers(),
                    r.lungs().earthMovers(), r.whole().cohensD().get(Statistic.MEAN),
                    r.lungs().cohensD().get(Statistic.MEAN));
        }
        if (!c.audit().isEmpty()) {
            out.println();
            out.println("Shortcut audit, one-vs-rest AUC (whole image all features / whole image stats+histogram /"
                    + " lungs stats+histogram):");
            for (RegionComparison.AuditRow r : c.audit()) {
                out.printf(Locale.ROOT, "  %-12s %.3f / %.3f / %.3f%n", r.label(), r.wholeAllFeatures(),
                        r.wholeSameFeatures(), r.lungs());
            }
        }
        out.println();
        out.println("Wrote " + written.size() + " files, e.g. " + written.get(written.size() - 1));
    }
}
