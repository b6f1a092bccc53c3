package io.github.covidxray.cli;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.explain.ExplanationOverlay;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray explain [--model B] [--method cam|occlusion] [--json] --out DIR FILES|DIRS}: one overlay PNG
 * per image in DIR and one result line per image on stdout. Exit code 0 when every image was explained, 1 when
 * some failed, 2 when the model cannot explain with the method asked for.
 */
@Command(name = "explain", sortOptions = false,
        description = {"Show where the model's evidence lies: one overlay PNG per image (heatmap over the X-ray,",
            "label, probability, method) and, with --json, the heatmap grid (row 0 at the top, values >= 0).",
            "A heatmap over markers, borders or text is a warning, not an explanation of disease.",
            "Research use only: not a medical device."})
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--method", paramLabel = "cam|occlusion",
            description = "cam (needs a bundle with activation maps) or occlusion (any model; one forward pass per "
                    + "grid cell). Default: the best the model supports.")
    ExplanationMethod method;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the overlay PNGs go.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS",
            description = "Images (PNG, JPEG, BMP, TIFF, DICOM) or folders searched recursively for them.")
    List<Path> inputs;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println(CovidXrayCli.DISCLAIMER);
        err.flush();
        List<Path> files = InputFiles.expand(inputs);
        Files.createDirectories(out);
        Set<Path> written = new HashSet<>();
        int failed = 0;
        try (CovidClassifier classifier = modelOptions.open(); ProgressBar bar = new ProgressBar(err, "explaining")) {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                try {
                    XrayImage image = XrayImage.read(file, classifier.readOptions());
                    Explanation e = method == null ? classifier.explain(image) : classifier.explain(image, method);
                    Path overlay = overlayPath(file, written);
                    Files.write(overlay, ExplanationOverlay.png(image, e));
                    print(stdout, file, overlay, e);
                } catch (UnsupportedOperationException e) {
                    err.println("error: " + e.getMessage());
                    err.flush();
                    return 2;
                } catch (InvalidImageException | TranslateException e) {
                    failed++;
                    common.reportFailure(stdout, err, file.toString(), e.getMessage());
                }
                bar.progress(i + 1, files.size(), "");
            }
        }
        err.printf(Locale.ROOT, "explained %d of %d image(s); overlays in %s%n", files.size() - failed, files.size(), out);
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    /** {@code NAME.explain.png} in the output folder, numbered when two inputs share a name. */
    private Path overlayPath(Path file, Set<Path> written) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path candidate = out.resolve(stem + ".explain.png");
        for (int n = 2; !written.add(candidate); n++) {
            candidate = out.resolve(stem + "-" + n + ".explain.png");
        }
        return candidate;
    }

    private void print(PrintWriter stdout, Path file, Path overlay, Explanation e) {
        Prediction p = e.prediction();
        if (common.json()) {
            CommonOptions.printJson(stdout, ExplanationJson.of(file.toString(), overlay.toString(), e));
            return;
        }
        String verdict = p.outOfDistribution() ? "OUT-OF-DISTRIBUTION (no confident label)"
                : String.format(Locale.ROOT, "%s\t%.4f", e.explainedLabel(), p.probability(e.explainedLabel()));
        stdout.println(file + "\t" + verdict + "\t" + e.method().jsonName() + "\t" + overlay);
        stdout.flush();
    }
}
