package io.github.covidxray.cli;

import io.github.covidxray.augment.AppliedOp;
import io.github.covidxray.augment.AugmentResult;
import io.github.covidxray.augment.Augmenter;
import io.github.covidxray.augment.PreviewGrid;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code covid-xray augment --in IMAGE --out DIR}: writes augmented copies of one image at its bit depth and a
 * captioned preview grid, for checking that an augmentation preset looks plausible.
 */
@Command(name = "augment", description = {
    "Write N augmented copies of an image (same size and bit depth) and a captioned preview grid.",
    "The same --seed gives the same images on any machine."})
final class AugmentCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "IMAGE", description = "The image (PNG, JPEG, BMP, TIFF).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed).")
    Path out;

    @Option(names = "--n", defaultValue = "16", paramLabel = "N", description = "Number of augmented images (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", defaultValue = "conservative", paramLabel = "NAME",
            completionCandidates = PresetNames.class,
            description = "Augmentation preset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String preset;

    /** The augment module's preset names, for the help text. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Augmenter.PRESETS.iterator();
        }
    }

    @Option(names = "--tile", defaultValue = "256", paramLabel = "PX", description = "Preview tile size in pixels (default ${DEFAULT-VALUE}).")
    int tile;

    @Override
    public Integer call() throws IOException {
        var stdout = spec.commandLine().getOut();
        var stderr = spec.commandLine().getErr();
        if (n < 1 || n > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--n must be 1..10000, got " + n);
        }
        if (tile < 32 || tile > 2048) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tile must be 32..2048, got " + tile);
        }
        Augmenter augmenter;
        try {
            augmenter = Augmenter.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
        XrayImage image;
        try {
            image = XrayImage.read(in);
        } catch (InvalidImageException e) {
            common.reportFailure(stdout, stderr, in.toString(), e.getMessage());
            return 1;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--out " + out + " exists and is not a directory");
        }
        Files.createDirectories(out);
        String stem = stem(in);
        List<AugmentResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AugmentResult r = augmenter.augment(image, seed, i);
            results.add(r);
            Path file = out.resolve(String.format(Locale.ROOT, "%s-aug-%03d.png", stem, i));
            GrayPng.write(r.image(), file);
            if (common.json()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("file", file.toString());
                line.put("index", i);
                line.put("bit_depth", r.image().bitsStored());
                line.put("applied", r.applied().stream().map(AugmentCommand::describe).toList());
                CommonOptions.printJson(stdout, line);
            } else if (common.verbose()) {
                stderr.printf("%s: %s%n", file.getFileName(), r.summary());
            }
        }
        Path preview = out.resolve(stem + "-preview.png");
        GrayPng.write(PreviewGrid.render(image, results, tile), preview);
        if (common.json()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("preview", preview.toString());
            summary.put("images", n);
            summary.put("preset", preset.toLowerCase(Locale.ROOT));
            summary.put("seed", seed);
            CommonOptions.printJson(stdout, summary);
        } else {
            stdout.printf("wrote %d augmented %d-bit images (%s preset, seed %d) to %s%n", n, image.bitsStored(),
                    preset, seed, out);
            stdout.printf("  %s ... %s%n", String.format(Locale.ROOT, "%s-aug-%03d.png", stem, 0),
                    String.format(Locale.ROOT, "%s-aug-%03d.png", stem, n - 1));
            stdout.printf("preview: %s%n", preview);
        }
        stdout.flush();
        return 0;
    }

    private static Map<String, Object> describe(AppliedOp op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op.name());
        m.put("caption", op.caption());
        m.put("params", op.parameters());
        return m;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
