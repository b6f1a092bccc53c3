package io.github.covidxray.core.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One shortcut control next to the unmasked evaluation of the same images: each class's one-vs-rest AUC with its
 * bootstrap interval, with and without part of every image blanked. An AUC that stays far above 0.5 with the
 * lungs hidden means the model ranks the classes by something outside the lungs. Immutable.
 *
 * @param control the control's name, for example {@code lungs-hidden}
 * @param region what was blanked or kept, in words
 * @param unmasked the report on the images as read
 * @param masked the report on the blanked images
 */
public record ControlComparison(String control, String region, EvaluationReport unmasked, EvaluationReport masked) {

    /** @return {@code control}, {@code region}, {@code n}, {@code macro_auc} both ways, and per class {@code auc} both ways */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("control", control);
        json.put("region", region);
        json.put("n", masked.n());
        ReportJson.putEstimate(json, "macro_auc_unmasked", unmasked.macroAuc());
        ReportJson.putEstimate(json, "macro_auc", masked.macroAuc());
        Map<String, Object> classes = new LinkedHashMap<>();
        for (String label : masked.labels()) {
            Map<String, Object> c = new LinkedHashMap<>();
            ReportJson.putEstimate(c, "auc_unmasked", unmasked.metrics(label).auc());
            ReportJson.putEstimate(c, "auc", masked.metrics(label).auc());
            classes.put(label, c);
        }
        json.put("per_class", classes);
        return json;
    }

    /** @return a small table: one row per class and the macro mean, AUC (95% interval) unmasked and masked */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append("shortcut control ").append(control).append(" (").append(region).append("), ").append(masked.n())
                .append(" images\n");
        s.append(String.format(Locale.ROOT, "  %-12s %-24s %-24s%n", "class", "AUC unmasked", "AUC " + control));
        for (String label : masked.labels()) {
            s.append(row(label, unmasked.metrics(label).auc(), masked.metrics(label).auc()));
        }
        s.append(row("macro", unmasked.macroAuc(), masked.macroAuc()));
        return s.toString();
    }

    private static String row(String label, Estimate plain, Estimate masked) {
        return String.format(Locale.ROOT, "  %-12s %-24s %-24s%n", label, format(plain), format(masked));
    }

    private static String format(Estimate e) {
        if (!Double.isFinite(e.value())) {
            return "n/a";
        }
        return e.hasInterval() ? String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", e.value(), e.lower(), e.upper())
                : String.format(Locale.ROOT, "%.3f", e.value());
    }
}
