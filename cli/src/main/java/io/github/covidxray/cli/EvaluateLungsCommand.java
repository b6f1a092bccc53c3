package io.github.covidxray.cli;

import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.eval.MaskAgreement;
import io.github.covidxray.training.segmentation.SegmentationData;
import io.github.covidxray.training.segmentation.SegmentationSample;
import io.github.covidxray.training.segmentation.SegmenterEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray evaluate-lungs}: Dice and IoU of a lung segmenter against reference masks, with patient-level
 * bootstrap intervals, the plausibility scores, the worst images and the time per image.
 */
@Command(name = "evaluate-lungs", description = {
    "Check a lung segmenter against reference masks: per-image Dice and IoU at the masks' own resolution,",
    "both lungs as one mask, means with 95% bootstrap intervals over patients. Research use only."})
final class EvaluateLungsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Folder with manifest.csv (split,file,mask[,patient_id]).")
    Path data;

    @Option(names = "--split", defaultValue = "val", description = "Split to evaluate (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--worst", defaultValue = "5", description = "How many of the worst images to list (default: ${DEFAULT-VALUE}).")
    int worst;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println(CovidXrayCli.DISCLAIMER);
        List<SegmentationSample> samples = SegmentationData.read(data.resolve("manifest.csv"), split);
        SegmenterEvaluation e;
        String model;
        try (LungSegmenter segmenter = modelOptions.openLungSegmenter();
                ProgressBar bar = new ProgressBar(err, "segmenting")) {
            model = segmenter.card().name() + " " + segmenter.card().version() + " on " + segmenter.engine();
            e = SegmenterEvaluation.run(segmenter, samples, resamples, 42, bar);
        }
        MaskAgreement a = e.agreement();
        List<SegmenterEvaluation.ImageResult> sorted = new ArrayList<>(e.images());
        sorted.sort(Comparator.comparingDouble(SegmenterEvaluation.ImageResult::dice));
        List<SegmenterEvaluation.ImageResult> worstRows = sorted.subList(0, Math.min(worst, sorted.size()));
        long flagged = e.images().stream().filter(r -> r.quality() < io.github.covidxray.core.LungMask.QUALITY_THRESHOLD)
                .count();
        if (common.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("split", split);
            m.put("images", a.images());
            m.put("dice", a.dice());
            m.put("iou", a.iou());
            m.put("dice_quantiles", Map.of("p10", a.diceQuantile(0.1), "p50", a.diceQuantile(0.5)));
            m.put("flagged", flagged);
            m.put("ms_per_image", e.millisPerImage());
            m.put("worst", worstRows);
            CommonOptions.printJson(out, m);
        } else {
            out.printf(Locale.ROOT, "%s, %s split, %d images (per-image, at the reference masks' resolution, both lungs"
                    + " as one mask; 95%% CI by patient bootstrap, %d resamples)%n", model, split, a.images(), resamples);
            out.printf(Locale.ROOT, "  Dice %.4f [%.4f, %.4f]   IoU %.4f [%.4f, %.4f]   Dice p10 %.4f, median %.4f%n",
                    a.dice().value(), a.dice().lower(), a.dice().upper(), a.iou().value(), a.iou().lower(),
                    a.iou().upper(), a.diceQuantile(0.1), a.diceQuantile(0.5));
            out.printf(Locale.ROOT, "  %d mask(s) flagged as implausible; %.1f ms per image (segmentation only)%n",
                    flagged, e.millisPerImage());
            out.println("  worst images:");
            for (SegmenterEvaluation.ImageResult r : worstRows) {
                out.printf(Locale.ROOT, "    %s Dice %.3f, lungs %.1f %% (reference %.1f %%), quality %.2f %s%n",
                        Path.of(r.source()).getFileName(), r.dice(), 100 * r.lungFraction(), 100 * r.referenceFraction(),
                        r.quality(), r.issues());
            }
        }
        out.flush();
        return 0;
    }
}
