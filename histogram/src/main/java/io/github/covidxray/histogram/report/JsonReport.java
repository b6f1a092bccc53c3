package io.github.covidxray.histogram.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.audit.AuditResult;
import io.github.covidxray.histogram.compare.ClassComparison;
import io.github.covidxray.histogram.compare.KsResult;
import io.github.covidxray.histogram.dataset.ClassSummary;
import io.github.covidxray.histogram.dataset.StatSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class summary, comparisons and audit of a {@link HistogramReport} as a JSON tree of maps and lists
 * (stable snake_case keys; NaN and infinities become {@code null}, which JSON cannot otherwise carry).
 * Stateless and thread-safe.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /**
     * Builds the JSON tree.
     *
     * @param report the report
     * @return nested maps and lists, ready for any JSON serialiser
     */
    public static Map<String, Object> toMap(HistogramReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", report.dataset());
        root.put("intensity_scale", "statistics on the unit scale: intensity-valued ones divided by 2^bits - 1");
        root.put("bins", report.analysis().bins());
        root.put("images_analysed", report.analysis().images().size());
        root.put("images_skipped", report.analysis().skipped().size());
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (ScanProblem p : report.analysis().skipped()) {
            skipped.add(ordered("file", p.file().toString(), "problem", p.problem()));
        }
        root.put("skipped", skipped);
        Map<String, Object> classes = new LinkedHashMap<>();
        for (ClassSummary c : report.analysis().classes().values()) {
            classes.put(c.label(), classMap(c));
        }
        root.put("classes", classes);
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (ClassComparison c : report.comparisons()) {
            comparisons.add(comparisonMap(c));
        }
        root.put("comparisons", comparisons);
        root.put("shortcut_audit", report.audit() == null ? null : auditMap(report.audit()));
        return root;
    }

    /**
     * Writes the report as pretty-printed JSON.
     *
     * @param report the report
     * @param json the file to write (replaced if present)
     * @throws IOException if it cannot be written; the message names the file
     */
    public static void write(HistogramReport report, Path json) throws IOException {
        try {
            MAPPER.writeValue(json.toFile(), toMap(report));
        } catch (IOException e) {
            throw new IOException(json + ": cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> classMap(ClassSummary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", c.imageCount());
        m.put("pixels", c.pixelCount());
        Map<String, Object> stats = new LinkedHashMap<>();
        for (Statistic s : Statistic.values()) {
            StatSummary sum = c.summary(s);
            stats.put(s.key(), ordered("mean", num(sum.mean()), "sd", num(sum.sd()), "min", num(sum.min()),
                    "q1", num(sum.q1()), "median", num(sum.median()), "q3", num(sum.q3()), "max", num(sum.max())));
        }
        m.put("statistics", stats);
        m.put("mean_histogram", nums(c.meanHistogram()));
        m.put("sd_histogram", nums(c.sdHistogram()));
        return m;
    }

    private static Map<String, Object> comparisonMap(ClassComparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", c.labelA());
        m.put("b", c.labelB());
        Map<String, Object> pooled = ks(c.ksPooled());
        pooled.put("note", "pooled pixel intensities; p-value uses the number of images per class as the "
                + "effective sample size because pixels within an image are not independent");
        m.put("ks_pooled_intensities", pooled);
        m.put("ks_image_means", ks(c.ksMeans()));
        m.put("chi_square_distance", num(c.chiSquare()));
        m.put("bhattacharyya_distance", num(c.bhattacharyya()));
        m.put("jensen_shannon_divergence_nats", num(c.jensenShannon()));
        m.put("earth_movers_distance", num(c.earthMovers()));
        Map<String, Object> d = new LinkedHashMap<>();
        c.cohensD().forEach((k, v) -> d.put(k.key(), num(v)));
        m.put("cohens_d", d);
        Statistic largest = c.largestEffect();
        m.put("largest_effect", largest == null ? null : largest.key());
        return m;
    }

    private static Map<String, Object> ks(KsResult r) {
        return ordered("distance", num(r.distance()), "p_value", num(r.pValue()), "n_a", r.nA(), "n_b", r.nB());
    }

    private static Map<String, Object> auditMap(AuditResult a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "cross-validated one-vs-rest L2 logistic regression on per-image statistics, a "
                + "32-bin histogram and a 16x16 thumbnail; out-of-fold ROC-AUC");
        m.put("images", a.images());
        m.put("features", a.features());
        m.put("folds", a.folds());
        m.put("grouped_by_patient", a.groupedByPatient());
        Map<String, Object> per = new LinkedHashMap<>();
        a.perClass().forEach((label, c) -> {
            List<Object> folds = new ArrayList<>();
            c.foldAucs().forEach(v -> folds.add(num(v)));
            per.put(label, ordered("auc", num(c.auc()), "positives", c.positives(), "fold_aucs", folds,
                    "level", c.level().name().toLowerCase(java.util.Locale.ROOT)));
        });
        m.put("per_class", per);
        m.put("max_auc", num(a.maxAuc()));
        m.put("level", a.level().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", a.message());
        return m;
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Object> nums(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(num(v));
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
