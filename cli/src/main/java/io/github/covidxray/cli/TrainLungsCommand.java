package io.github.covidxray.cli;

import io.github.covidxray.training.segmentation.SegmentationData;
import io.github.covidxray.training.segmentation.SegmentationSample;
import io.github.covidxray.training.segmentation.SegmentationTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code covid-xray train-lungs}: trains the U-Net lung segmenter on image/mask pairs and writes a DJL-format
 * segmentation bundle ({@code export --onnx} turns it into an ONNX one).
 */
@Command(name = "train-lungs", description = {
    "Train a U-Net lung segmenter on X-rays with lung masks (research use only, not a medical device).",
    "Data: --data DIR holding manifest.csv with columns split,file,mask (splits train and val), as",
    "../shared/data/lungseg has. The best epoch is chosen on mean validation Dice."})
final class TrainLungsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Folder with manifest.csv, images and masks.")
    Path data;

    @Option(names = "--size", defaultValue = "128", description = "Square input size, a multiple of 16 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--filters", defaultValue = "16", description = "U-Net filters at the first level (default: ${DEFAULT-VALUE}).")
    int filters;

    @Option(names = "--epochs", defaultValue = "80", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "15", description = "Stop after this many epochs without a better val Dice (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--minutes", defaultValue = "120", description = "Time budget: no epoch starts that would end past it (default: ${DEFAULT-VALUE}).")
    long minutes;

    @Option(names = "--out", paramLabel = "BUNDLE", required = true, description = "Folder to write the bundle to.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path manifest = data.resolve("manifest.csv");
        List<SegmentationSample> train = SegmentationData.read(manifest, "train");
        List<SegmentationSample> val = SegmentationData.read(manifest, "val");
        err.printf(Locale.ROOT, "read %d training and %d validation pairs from %s%n", train.size(), val.size(), manifest);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", Map.of("manifest", manifest.getFileName().toString(), "train", train.size(),
                "val", val.size()));
        SegmentationTrainer trainer = SegmentationTrainer.builder().optImageSize(size).optBaseFilters(filters)
                .optBatchSize(batch).optEpochs(epochs, patience).optLearningRate(lr).optSeed(seed)
                .optTimeBudget(Duration.ofMinutes(minutes)).optDataProvenance(provenance).build();
        SegmentationTrainer.Result r;
        try (ProgressBar bar = new ProgressBar(err, "train-lungs")) {
            r = trainer.train(train, val, out, bar);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bundle", out.toString());
        summary.put("best_epoch", r.bestEpoch());
        summary.put("val_dice_at_input_size", r.bestValidationDice());
        summary.put("epochs", r.epochsRun());
        summary.put("stopped", r.stopReason());
        summary.put("seconds", r.elapsed().toSeconds());
        if (common.json()) {
            CommonOptions.printJson(spec.commandLine().getOut(), summary);
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: best epoch %d of %d, val Dice %.4f at %dx%d (%s, %d s)%n",
                    out, r.bestEpoch(), r.epochsRun(), r.bestValidationDice(), size, size, r.stopReason(),
                    r.elapsed().toSeconds());
        }
        return 0;
    }
}
