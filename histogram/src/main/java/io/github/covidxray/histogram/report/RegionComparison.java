package io.github.covidxray.histogram.report;

import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.audit.AuditFeatures;
import io.github.covidxray.histogram.audit.AuditResult;
import io.github.covidxray.histogram.audit.ShortcutAudit;
import io.github.covidxray.histogram.compare.ClassComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same dataset analysed over the whole image and over the lungs only, side by side: how far apart the
 * classes are by each measure, and how well the shortcut audit separates them, in both regions. The two
 * analyses should cover the same images (analyse the lungs first, then the whole images the lung analysis
 * kept). For the audit, the whole-image side is also given with the lung audit's features (statistics and
 * histogram, no thumbnail), so that the two AUCs differ only in the region. Immutable.
 *
 * @param pairs one row per class pair
 * @param audit one row per class, or empty when no audit was run
 */
public record RegionComparison(List<PairRow> pairs, List<AuditRow> audit) {

    /**
     * One class pair in both regions.
     *
     * @param labelA first class
     * @param labelB second class
     * @param whole the whole-image comparison
     * @param lungs the lung-only comparison
     */
    public record PairRow(String labelA, String labelB, ClassComparison whole, ClassComparison lungs) {}

    /**
     * One class's one-vs-rest audit AUC.
     *
     * @param label the class
     * @param wholeAllFeatures whole image, the usual features (statistics, histogram, thumbnail)
     * @param wholeSameFeatures whole image, statistics and histogram only
     * @param lungs lungs only, statistics and histogram
     */
    public record AuditRow(String label, double wholeAllFeatures, double wholeSameFeatures, double lungs) {}

    /** Copies the lists. */
    public RegionComparison {
        pairs = List.copyOf(pairs);
        audit = List.copyOf(audit);
    }

    /**
     * @param whole the whole-image report (its analysis with the usual audit features)
     * @param lungs the lung-only report of the same images
     * @param auditor the audit to re-run on the whole-image features without the thumbnail, or {@code null}
     * @return the comparison
     */
    public static RegionComparison of(HistogramReport whole, HistogramReport lungs, ShortcutAudit auditor) {
        List<PairRow> pairs = new ArrayList<>();
        for (ClassComparison w : whole.comparisons()) {
            for (ClassComparison l : lungs.comparisons()) {
                if (w.labelA().equals(l.labelA()) && w.labelB().equals(l.labelB())) {
                    pairs.add(new PairRow(w.labelA(), w.labelB(), w, l));
                }
            }
        }
        List<AuditRow> rows = new ArrayList<>();
        if (auditor != null && whole.audit() != null && lungs.audit() != null
                && whole.analysis().features() != null) {
            AuditResult same = auditor.run(whole.analysis().features().firstColumns(AuditFeatures.names(false).size()));
            for (String label : whole.audit().perClass().keySet()) {
                rows.add(new AuditRow(label, whole.audit().perClass().get(label).auc(),
                        auc(same, label), auc(lungs.audit(), label)));
            }
        }
        return new RegionComparison(pairs, rows);
    }

    private static double auc(AuditResult r, String label) {
        AuditResult.ClassAuc c = r.perClass().get(label);
        return c == null ? Double.NaN : c.auc();
    }

    /** @return the comparison as nested maps and lists, for JSON */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> p = new ArrayList<>();
        for (PairRow r : pairs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("classes", List.of(r.labelA(), r.labelB()));
            m.put("whole", measures(r.whole()));
            m.put("lungs", measures(r.lungs()));
            p.add(m);
        }
        List<Map<String, Object>> a = new ArrayList<>();
        for (AuditRow r : audit) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", r.label());
            m.put("whole_all_features_auc", finite(r.wholeAllFeatures()));
            m.put("whole_stats_histogram_auc", finite(r.wholeSameFeatures()));
            m.put("lungs_stats_histogram_auc", finite(r.lungs()));
            a.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pairs", p);
        out.put("audit", a);
        return out;
    }

    /** The headline measures of one comparison. */
    static Map<String, Object> measures(ClassComparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ks_means", c.ksMeans().distance());
        m.put("ks_means_p", c.ksMeans().pValue());
        m.put("ks_pooled", c.ksPooled().distance());
        m.put("jensen_shannon", c.jensenShannon());
        m.put("earth_movers", c.earthMovers());
        Statistic s = c.largestEffect();
        m.put("largest_effect", s == null ? null : Map.of("statistic", s.key(), "cohens_d", c.cohensD().get(s)));
        m.put("cohens_d_mean", c.cohensD().get(Statistic.MEAN));
        m.put("cohens_d_std", c.cohensD().get(Statistic.STD));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
