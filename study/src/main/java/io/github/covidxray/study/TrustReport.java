package io.github.covidxray.study;

import static io.github.covidxray.study.StudyReport.estimate;
import static io.github.covidxray.study.StudyReport.fmt;
import static io.github.covidxray.study.StudyReport.list;
import static io.github.covidxray.study.StudyReport.map;
import static io.github.covidxray.study.StudyReport.number;
import static io.github.covidxray.study.StudyReport.path;
import static io.github.covidxray.study.StudyReport.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's "Trust" section, rendered from each arm's {@code trust} tree in {@code study.json} (written by
 * {@link ArmTrust}) and nothing else: calibration and the OOD gate, the gate on inputs that are not chest
 * X-rays, the shortcut controls, the class activation maps' saliency and fidelity, example overlays, and how
 * long each step took. Its sentences follow from the numbers by fixed rules.
 */
final class TrustReport {

    private TrustReport() {}

    static void render(StringBuilder md, Map<String, Object> root) {
        List<Map<String, Object>> arms = new ArrayList<>();
        for (Object o : list(root.get("arms"))) {
            if (!map(map(o).get("trust")).isEmpty()) {
                arms.add(map(o));
            }
        }
        if (arms.isEmpty()) {
            return;
        }
        Map<String, Object> settings = map(path(root, "settings", "trust"));
        md.append("## Trust: calibration, out-of-distribution gate, shortcut controls, explanations\n\n");
        md.append("Each arm was given the trust outputs the way the SDK's default model was: exported to ")
                .append(settings.get("engine")).append(". Then a softmax temperature was fitted on the validation ")
                .append("split, and the out-of-distribution gate on the training images (Mahalanobis distances of their ")
                .append("pooled features and of their image statistics, and a roughness limit), its thresholds set on ")
                .append("validation to flag at most ").append(fmt(pct(settings.get("ood_flagged_share_target")), 0))
                .append("% of real X-rays. Temperature and threshold are fitted on the images they are measured on ")
                .append("here, so the \"after\" figures are optimistic.\n\n");
        calibration(md, arms);
        ood(md, arms);
        controls(md, root, arms);
        examples(md, settings, arms);
        timing(md, arms);
    }

    private static Map<String, Object> trust(Map<String, Object> arm, String step) {
        return map(map(arm.get("trust")).get(step));
    }

    private static void calibration(StringBuilder md, List<Map<String, Object>> arms) {
        md.append("### Calibration, gate and class activation maps\n\n");
        md.append("NLL: mean negative log-likelihood on validation, which the temperature minimises; ECE: top-label ")
                .append("expected calibration error on validation, which it need not lower. Mass inside: share of the class activation ")
                .append("map's mass inside the central lung field (the box's share of the image area in brackets), ")
                .append("averaged over the first validation images of each class. Fidelity: mean drop of the explained ")
                .append("class's probability when the most salient tenth of the image is blanked, against a random tenth.\n\n");
        md.append("| model | temperature | NLL before / after | ECE before / after | validation flagged | training flagged | images explained "
                + "| CAM mass inside (area) | fidelity: salient / random drop |\n|---|---|---|---|---|---|---|---|---|\n");
        List<String> sentences = new ArrayList<>();
        for (Map<String, Object> arm : arms) {
            Map<String, Object> c = trust(arm, "calibration");
            Map<String, Object> s = map(trust(arm, "saliency").get("overall"));
            md.append("| ").append(arm.get("title")).append(" | ").append(fmt(c.get("temperature"), 3)).append(" | ")
                    .append(fmt(c.get("nll_before"), 3)).append(" / ").append(fmt(c.get("nll_after"), 3)).append(" | ")
                    .append(fmt(c.get("ece_before"), 3)).append(" / ").append(fmt(c.get("ece_after"), 3)).append(" | ")
                    .append(fmt(pct(c.get("val_flagged_share")), 1)).append("% | ")
                    .append(fmt(pct(c.get("train_flagged_share")), 1)).append("% | ").append(s.get("images"))
                    .append(" | ").append(fmt(s.get("saliency_mass_inside"), 3)).append(" (")
                    .append(fmt(s.get("area_share_inside"), 3)).append(") | ")
                    .append(fmt(s.get("fidelity_drop_salient_tenth"), 3)).append(" / ")
                    .append(fmt(s.get("fidelity_drop_random_tenth"), 3)).append(" |\n");
            if (number(c.get("ece_after")) > number(c.get("ece_before"))) {
                sentences.add(arm.get("title") + ": the temperature did not lower the ECE ("
                        + fmt(c.get("ece_before"), 3) + " before, " + fmt(c.get("ece_after"), 3)
                        + " after); it minimises the NLL, not the ECE.");
            }
            double salient = number(s.get("fidelity_drop_salient_tenth"));
            double random = number(s.get("fidelity_drop_random_tenth"));
            double mass = number(s.get("saliency_mass_inside"));
            double area = number(s.get("area_share_inside"));
            if (Double.isFinite(salient) && Double.isFinite(random)) {
                sentences.add(arm.get("title") + ": blanking the most salient tenth by its class activation map lowered "
                        + "the explained probability by " + fmt(salient, 3) + " on average, a random tenth by "
                        + fmt(random, 3) + " (" + s.get("images") + " images; means without an interval, so they do "
                        + "not show that the maps " + (salient > random ? "beat" : "fail against") + " chance); its maps put on average "
                        + (Double.isFinite(mass) && mass > area ? "more" : "no more") + " of their mass inside the lung "
                        + "field than a flat map would.");
            }
        }
        md.append('\n');
        sentences.forEach(t -> md.append(t).append(' '));
        md.append("\n\n");
    }

    private static void ood(StringBuilder md, List<Map<String, Object>> arms) {
        md.append("### Inputs that are not chest X-rays\n\n");
        md.append("AUROC of the out-of-distribution score of each kind against the real validation X-rays (1 = every input "
                + "of the kind scores higher), with the share flagged in brackets. Generated in memory (seeded) or "
                + "made from the validation X-rays in memory; nothing is written.\n\n");
        md.append("| kind | what | n |");
        arms.forEach(a -> md.append(' ').append(a.get("title")).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(arms.size())).append('\n');
        List<Object> reference = list(trust(arms.get(0), "ood").get("kinds"));
        for (int k = 0; k < reference.size(); k++) {
            Map<String, Object> first = map(reference.get(k));
            md.append("| ").append(first.get("kind")).append(" | ").append(first.get("description")).append(" | ")
                    .append(first.get("n")).append(" |");
            for (Map<String, Object> arm : arms) {
                Map<String, Object> row = kind(arm, String.valueOf(first.get("kind")));
                md.append(' ').append(row.get("auroc") == null ? "-" : fmt(row.get("auroc"), 3)).append(" (")
                        .append(fmt(pct(row.get("flagged")), 1)).append("%) |");
            }
            md.append('\n');
        }
        md.append('\n');
        for (Map<String, Object> arm : arms) {
            Map<String, Object> least = null;
            Map<String, Object> most = null;
            for (Object o : list(trust(arm, "ood").get("kinds"))) {
                Map<String, Object> row = map(o);
                if (row.get("auroc") == null) {
                    continue;
                }
                if (least == null || number(row.get("flagged")) < number(least.get("flagged"))) {
                    least = row;
                }
                if (most == null || number(row.get("flagged")) > number(most.get("flagged"))) {
                    most = row;
                }
            }
            if (least != null) {
                md.append(arm.get("title")).append(": the gate flags ").append(most.get("kind")).append(" most often (")
                        .append(fmt(pct(most.get("flagged")), 1)).append("%) and ").append(least.get("kind"))
                        .append(" least (").append(fmt(pct(least.get("flagged")), 1)).append("%, AUROC ")
                        .append(fmt(least.get("auroc"), 3)).append("). ");
            }
        }
        md.append("An AUROC near 1 with few flagged means the inputs score higher than real X-rays but mostly stay "
                + "under a threshold that keeps real X-rays in.\n\n");
    }

    private static Map<String, Object> kind(Map<String, Object> arm, String name) {
        for (Object o : list(trust(arm, "ood").get("kinds"))) {
            if (name.equals(map(o).get("kind"))) {
                return map(o);
            }
        }
        return Map.of();
    }

    private static void controls(StringBuilder md, Map<String, Object> root, List<Map<String, Object>> arms) {
        List<String> classes = strings(path(root, "dataset", "classes"));
        String focus = classes.contains("covid") ? "covid" : classes.get(0);
        md.append("### Shortcut controls\n\n");
        md.append("The validation images scored again with the central lung field blanked (lungs-hidden: borders, "
                + "markers and text left) or everything around it blanked (border-hidden), each with the image's own "
                + "mean grey level. One-vs-rest AUC with its bootstrap interval, next to the same images unmasked.\n\n");
        md.append("| model | control | ").append(focus).append(" AUC unmasked | ").append(focus)
                .append(" AUC masked | macro AUC unmasked | macro AUC masked |\n|---|---|---|---|---|---|\n");
        List<String> sentences = new ArrayList<>();
        for (Map<String, Object> arm : arms) {
            for (Object o : list(trust(arm, "controls").get("controls"))) {
                Map<String, Object> c = map(o);
                Map<String, Object> cls = map(map(c.get("per_class")).get(focus));
                md.append("| ").append(arm.get("title")).append(" | ").append(c.get("control")).append(" | ")
                        .append(estimate(cls, "auc_unmasked")).append(" | ").append(estimate(cls, "auc")).append(" | ")
                        .append(estimate(c, "macro_auc_unmasked")).append(" | ").append(estimate(c, "macro_auc"))
                        .append(" |\n");
                if ("lungs-hidden".equals(c.get("control"))) {
                    List<Object> ci = list(cls.get("auc_ci"));
                    boolean above = ci.size() == 2 && ci.get(0) != null && number(ci.get(0)) > 0.5;
                    sentences.add(arm.get("title") + " with the lungs hidden ranks " + focus + " at AUC "
                            + estimate(cls, "auc") + (above ? ": the interval lies above chance, so part of what it "
                                    + "separates lies outside the central field (borders, markers, processing)."
                                    : ": the interval reaches chance, so no shortcut outside the field is shown."));
                }
            }
        }
        md.append('\n');
        sentences.forEach(t -> md.append(t).append(' '));
        md.append("Both controls show the model images unlike any it trained on, so a fall in AUC mixes evidence removed "
                + "with unfamiliar input; they bound a shortcut, they do not measure it.\n\n");
    }

    private static void examples(StringBuilder md, Map<String, Object> settings, List<Map<String, Object>> arms) {
        List<String> images = strings(settings.get("examples"));
        if (images.isEmpty()) {
            return;
        }
        md.append("### Example explanations\n\n");
        md.append("Class activation maps (cam) and occlusion maps of the example images ")
                .append(String.join(", ", images));
        if (settings.get("examples_attribution") != null) {
            md.append(" (").append(settings.get("examples_licence") == null ? "" : settings.get("examples_licence") + "; ")
                    .append("sources and credits in [ATTRIBUTION.md](").append(settings.get("examples_attribution"))
                    .append("))");
        }
        md.append(". Two images show how the maps look, not how the models behave in general; the tables above "
                + "do that.\n\n");
        md.append("| model |");
        List<String> columns = new ArrayList<>();
        for (Object o : list(trust(arms.get(0), "examples").get("images"))) {
            Map<String, Object> row = map(o);
            String column = row.get("image") + ", " + row.get("method");
            columns.add(column);
            md.append(' ').append(column).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        for (Map<String, Object> arm : arms) {
            md.append("| ").append(arm.get("title")).append(" |");
            for (Object o : list(trust(arm, "examples").get("images"))) {
                Map<String, Object> row = map(o);
                md.append(" ![").append(row.get("method")).append(" map](").append(row.get("overlay")).append(")<br>")
                        .append(row.get("label")).append(' ').append(fmt(row.get("probability"), 2))
                        .append(Boolean.TRUE.equals(row.get("out_of_distribution")) ? ", flagged out of distribution" : "")
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void timing(StringBuilder md, List<Map<String, Object>> arms) {
        md.append("### Time of the trust steps\n\n");
        md.append("Seconds per step (export and calibration: export, then forward passes over the training and ")
                .append("validation images), with the machine's one-minute load average when the step started and ended. ")
                .append("Steps finished in an earlier run keep their own time.\n\n");
        List<String> steps = List.of("calibration", "ood", "controls", "saliency", "examples");
        md.append("| model |");
        steps.forEach(s -> md.append(' ').append(s).append(" s (load) |"));
        md.append("\n|---|").append("---|".repeat(steps.size())).append('\n');
        for (Map<String, Object> arm : arms) {
            md.append("| ").append(arm.get("title")).append(" |");
            for (String step : steps) {
                Map<String, Object> t = trust(arm, step);
                md.append(' ').append(fmt(t.get("seconds"), 1)).append(" (").append(fmt(t.get("load_average_before"), 1))
                        .append(" - ").append(fmt(t.get("load_average_after"), 1)).append(") |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static Object pct(Object share) {
        return share == null ? null : number(share) * 100;
    }
}
