package io.github.covidxray.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code REPORT.md} from the study's JSON tree and nothing else, so every number a reader sees is in
 * {@code study.json} (a test checks it), and the plain-language conclusions follow from those numbers by
 * fixed rules rather than from anyone's hopes.
 */
final class StudyReport {

    private StudyReport() {}

    static String render(Map<String, Object> root) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(root.get("title")).append("\n\n");
        md.append("> **Research use only.** This report describes models trained and evaluated on one public dataset "
                + "whose classes come from different archives. It is not evidence of clinical performance, and none "
                + "of these models is a medical device.\n\n");
        if (Boolean.TRUE.equals(root.get("quick"))) {
            md.append("> **Quick run.** Tiny images, a few steps per arm and a small subset: this checks that the "
                    + "study runs end to end. Its numbers mean nothing.\n\n");
        }
        run(md, root);
        dataset(md, map(root.get("dataset")));
        histogram(md, map(root.get("histogram")));
        arms(md, root);
        comparisons(md, root);
        TrustReport.render(md, root);
        conclusions(md, root);
        return md.toString();
    }

    private static void run(StringBuilder md, Map<String, Object> root) {
        Map<String, Object> run = map(root.get("run"));
        Map<String, Object> s = map(root.get("settings"));
        md.append("## How it was run\n\n");
        if (root.get("command") != null) {
            md.append("```\n").append(root.get("command")).append("\n```\n\n");
        }
        md.append(String.format(Locale.ROOT, "Finished %s. This run took %s s; training all arms took %s s in total "
                + "(arms finished in an earlier run count with their own time). Java %s, %s processors.%n%n",
                run.get("finished"), fmt(run.get("seconds_this_run"), 0), fmt(run.get("training_seconds_all_arms"), 0),
                run.get("java"), run.get("processors")));
        md.append("Every arm uses the same settings: ").append(s.get("image_size")).append("x").append(s.get("image_size"))
                .append(" pixels, ").append(s.get("channels")).append(" channel(s), pretrained weights: ")
                .append(s.get("pretrained_weights")).append("; at most ").append(s.get("max_epochs"))
                .append(" epochs with early-stopping patience ").append(s.get("early_stopping_patience"))
                .append(", batch ").append(s.get("batch_size")).append(", learning rate ").append(s.get("learning_rate"))
                .append(", ").append(s.get("optimizer")).append(", ").append(s.get("class_balancing"))
                .append(", selection on ").append(s.get("selection")).append(", seed ").append(s.get("seed"))
                .append(". Intervals: ").append(s.get("bootstrap_resamples"))
                .append(" bootstrap resamples of patients.\n\n");
    }

    private static void dataset(StringBuilder md, Map<String, Object> d) {
        md.append("## Dataset\n\n");
        List<String> classes = strings(d.get("classes"));
        Map<String, Object> splits = map(d.get("splits"));
        md.append("| split | images | patients |");
        classes.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(classes.size())).append('\n');
        for (Map.Entry<String, Object> e : splits.entrySet()) {
            Map<String, Object> split = map(e.getValue());
            Map<String, Object> counts = map(split.get("counts"));
            md.append("| ").append(e.getKey()).append(" | ").append(split.get("images")).append(" | ")
                    .append(split.get("patients")).append(" |");
            classes.forEach(c -> md.append(' ').append(counts.getOrDefault(c, 0)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
        if (Boolean.TRUE.equals(d.get("patient_ids_known"))) {
            Object both = d.get("patients_in_both_splits");
            md.append(number(both) == 0 ? "No patient appears in both splits.\n\n"
                    : "**Warning:** " + both + " patients appear in both splits: validation is not independent.\n\n");
        } else {
            md.append("The dataset names no patients, so intervals resample images and a patient in both splits "
                    + "cannot be ruled out.\n\n");
        }
        Map<String, Object> sources = map(d.get("images_by_source_and_class"));
        md.append("Images by source and class (both splits). When a class comes mostly from sources the others do not, "
                + "a model can learn the source instead of the disease:\n\n| source |");
        classes.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|").append("---|".repeat(classes.size())).append('\n');
        for (Map.Entry<String, Object> e : sources.entrySet()) {
            Map<String, Object> counts = map(e.getValue());
            md.append("| ").append(e.getKey()).append(" |");
            classes.forEach(c -> md.append(' ').append(counts.getOrDefault(c, 0)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    private static void histogram(StringBuilder md, Map<String, Object> h) {
        md.append("## Intensity histograms (training split)\n\n");
        md.append("![mean histograms](figures/mean_histograms.png)\n\n![statistics](figures/statistics_boxplots.png)\n\n");
        md.append("| classes | KS of per-image means (p) | KS of pooled intensities | Jensen-Shannon | EMD | Cohen's d of the mean |\n"
                + "|---|---|---|---|---|---|\n");
        for (Object o : list(h.get("comparisons"))) {
            Map<String, Object> c = map(o);
            Map<String, Object> ksMeans = map(c.get("ks_image_means"));
            Map<String, Object> ksPooled = map(c.get("ks_pooled_intensities"));
            Map<String, Object> d = map(c.get("cohens_d"));
            md.append("| ").append(c.get("a")).append(" vs ").append(c.get("b")).append(" | ")
                    .append(fmt(ksMeans.get("distance"), 3)).append(" (").append(sci(ksMeans.get("p_value"))).append(") | ")
                    .append(fmt(ksPooled.get("distance"), 3)).append(" | ")
                    .append(fmt(c.get("jensen_shannon_divergence_nats"), 3)).append(" | ")
                    .append(fmt(c.get("earth_movers_distance"), 3))
                    .append(" | ").append(fmt(d.get("mean"), 2)).append(" |\n");
        }
        md.append('\n');
        Map<String, Object> audit = map(h.get("shortcut_audit"));
        if (!audit.isEmpty()) {
            md.append("Shortcut audit: a logistic regression on intensity features alone (no anatomy), ")
                    .append(audit.get("folds")).append("-fold cross-validation on the training split")
                    .append(Boolean.TRUE.equals(audit.get("grouped_by_patient")) ? " grouped by patient" : "")
                    .append(". One-vs-rest AUC:");
            Map<String, Object> classes = map(audit.get("per_class"));
            for (Map.Entry<String, Object> e : classes.entrySet()) {
                md.append(' ').append(e.getKey()).append(' ').append(fmt(map(e.getValue()).get("auc"), 3)).append(';');
            }
            md.setLength(md.length() - 1);
            md.append(". ").append(audit.get("message")).append("\n\n");
        }
    }

    private static void arms(StringBuilder md, Map<String, Object> root) {
        md.append("## Validation results\n\n");
        List<Object> arms = list(root.get("arms"));
        Map<String, Object> baseline = map(root.get("baseline"));
        List<String> classes = strings(map(root.get("dataset")).get("classes"));
        md.append("AUC with its 95% bootstrap interval, on the validation split (which also chose each arm's best "
                .replace("95", fmt(confidencePercent(root), 0)))
                .append("epoch, so these are optimistic). The intensity-only baseline ")
                .append("(").append(baseline.get("what")).append(") is in the same table.\n\n");
        md.append("| model | epochs run (best) | training s | macro AUC |");
        classes.forEach(c -> md.append(' ').append(c).append(" AUC |"));
        md.append(" accuracy | ECE |\n|---|---|---|---|").append("---|".repeat(classes.size())).append("---|---|\n");
        for (Object o : arms) {
            Map<String, Object> arm = map(o);
            Map<String, Object> t = map(arm.get("training"));
            md.append("| ").append(arm.get("title")).append(" | ").append(t.get("epochs_run")).append(" (")
                    .append(t.get("best_epoch")).append(") | ").append(fmt(t.get("seconds"), 0)).append(" | ");
            resultCells(md, map(arm.get("validation")), classes);
        }
        md.append("| ").append(baseline.get("name")).append(" | - | - | ");
        resultCells(md, map(baseline.get("validation")), classes);
        md.append('\n');
        for (Object o : arms) {
            Map<String, Object> arm = map(o);
            Map<String, Object> f = map(arm.get("figures"));
            md.append("**").append(arm.get("title")).append("**: ![ROC](").append(f.get("roc")).append(") ![confusion](")
                    .append(f.get("confusion")).append(") ![training curves](").append(f.get("training_curves"))
                    .append(")\n\n");
        }
    }

    private static void resultCells(StringBuilder md, Map<String, Object> v, List<String> classes) {
        md.append(estimate(v, "macro_auc")).append(" |");
        Map<String, Object> perClass = map(v.get("per_class"));
        for (String c : classes) {
            md.append(' ').append(estimate(map(perClass.get(c)), "auc")).append(" |");
        }
        md.append(' ').append(estimate(v, "accuracy")).append(" | ").append(fmt(v.get("ece"), 3)).append(" |\n");
    }

    private static void comparisons(StringBuilder md, Map<String, Object> root) {
        md.append("## Paired comparisons\n\n");
        md.append("Difference in AUC (first model minus second) with a paired bootstrap interval: each resample draws ")
                .append("patients once and scores both models on the same draw. \"shown\" means an interval excludes 0.\n\n");
        List<String> classes = strings(map(root.get("dataset")).get("classes"));
        md.append("| model | versus | macro AUC difference |");
        classes.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append(" difference shown |\n|---|---|---|").append("---|".repeat(classes.size())).append("---|\n");
        for (Object o : list(root.get("comparisons"))) {
            Map<String, Object> c = map(o);
            md.append("| ").append(c.get("model")).append(" | ").append(c.get("versus")).append(" | ")
                    .append(estimate(c, "macro_auc_difference")).append(" |");
            Map<String, Object> perClass = map(c.get("auc_difference"));
            for (String label : classes) {
                md.append(' ').append(estimate(map(perClass.get(label)), "difference")).append(" |");
            }
            md.append(' ').append(Boolean.TRUE.equals(c.get("difference_shown")) ? "yes" : "no").append(" |\n");
        }
        md.append('\n');
    }

    /** Plain statements that follow from the numbers by fixed rules. */
    private static void conclusions(StringBuilder md, Map<String, Object> root) {
        md.append("## What this can and cannot show\n\n");
        List<String> points = new ArrayList<>();
        List<Object> comparisons = list(root.get("comparisons"));
        for (Object o : comparisons) {
            Map<String, Object> c = map(o);
            Map<String, Object> diff = c;
            String range = estimate(diff, "macro_auc_difference");
            boolean baseline = String.valueOf(c.get("versus")).equals(map(root.get("baseline")).get("name"));
            if (Boolean.TRUE.equals(c.get("difference_shown"))) {
                points.add(c.get("model") + " and " + c.get("versus") + " differ beyond the interval on: "
                        + shownDifferences(c) + (excludesZero(c, "macro_auc_difference") ? "."
                                : " (macro difference " + range + ", interval includes 0)."));
            } else if (baseline) {
                points.add(c.get("model") + " is not shown to beat the intensity-only baseline, which sees no anatomy "
                        + "(macro difference " + range + "): its accuracy may rest on the same source differences.");
            } else {
                points.add(c.get("model") + " and " + c.get("versus") + " cannot be told apart on this validation set "
                        + "(macro AUC difference " + range + "): any ranking between them here is noise.");
            }
        }
        Map<String, Object> dataset = map(root.get("dataset"));
        Map<String, Object> val = map(map(dataset.get("splits")).get("val"));
        points.add("Every AUC here is on the " + val.get("images") + " validation images, which also chose each arm's "
                + "best epoch and no separate test split was used: the figures are optimistic.");
        points.add("Each arm was trained once with seed " + map(root.get("settings")).get("seed") + ": the spread "
                + "between seeds is not measured, so a small difference between arms may not repeat.");
        points.add("The classes come from different sources (see the source table): high AUCs can reflect where an "
                + "image was taken and how it was processed as much as disease, which the shortcut audit and the "
                + "baseline row measure.");
        for (String p : points) {
            md.append("- ").append(p).append('\n');
        }
        md.append('\n');
    }

    /** The AUC differences whose interval excludes 0, with their sign: which way each one goes. */
    private static String shownDifferences(Map<String, Object> c) {
        List<String> parts = new ArrayList<>();
        if (excludesZero(c, "macro_auc_difference")) {
            parts.add("macro AUC " + estimate(c, "macro_auc_difference"));
        }
        for (Map.Entry<String, Object> e : map(c.get("auc_difference")).entrySet()) {
            if (excludesZero(map(e.getValue()), "difference")) {
                parts.add(e.getKey() + " AUC " + estimate(map(e.getValue()), "difference"));
            }
        }
        return String.join("; ", parts);
    }

    private static boolean excludesZero(Map<String, Object> m, String key) {
        List<Object> ci = list(m.get(key + "_ci"));
        return ci.size() == 2 && ci.get(0) != null && (number(ci.get(0)) > 0 || number(ci.get(1)) < 0);
    }

    private static double confidencePercent(Map<String, Object> root) {
        for (Object o : list(root.get("arms"))) {
            Map<String, Object> b = map(map(map(o).get("validation")).get("bootstrap"));
            if (b.get("confidence_level") != null) {
                return number(b.get("confidence_level")) * 100;
            }
        }
        return 95;
    }

    static String estimate(Map<String, Object> m, String key) {
        Object v = m.get(key);
        Object ci = m.get(key + "_ci");
        if (v == null) {
            return "n/a";
        }
        if (ci instanceof List<?> l && l.size() == 2 && l.get(0) != null) {
            return fmt(v, 3) + " [" + fmt(l.get(0), 3) + ", " + fmt(l.get(1), 3) + "]";
        }
        return fmt(v, 3);
    }

    static String fmt(Object value, int decimals) {
        if (value == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", number(value));
    }

    private static String sci(Object value) {
        if (value == null) {
            return "n/a";
        }
        double v = number(value);
        return v < 1e-3 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static Object path(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String k : keys) {
            node = map(node).get(k);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
