package io.github.covidxray.cli;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray classify [--model BUNDLE] [--engine E] [--batch N] [--json] FILES|DIRS...}: one result
 * line per image on stdout, a summary and any bad files on stderr. Exit code 0 when every image was
 * classified, 1 when some failed, 2 when no model was given and none is installed.
 */
@Command(name = "classify", sortOptions = false,
        description = {"Classify chest X-rays as covid / normal / pneumonia (or the model's own labels).",
            "Prints one line per image: file, label, its probability, every class's probability.",
            "Research use only: not a medical device."})
final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "Model bundle: a folder or .zip with model.json (default: the installed default model).")
    Path model;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "OnnxRuntime or PyTorch (default: the engine the bundle's format needs).")
    String engine;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS",
            description = "Images (PNG, JPEG, BMP, TIFF, DICOM) or folders searched recursively for them.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException, ModelException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        err.println(CovidXrayCli.DISCLAIMER);
        err.flush();
        if (model == null && !CovidClassifier.hasDefaultModel()) {
            err.println("error: no model given and no default model installed. Pass --model BUNDLE (a folder or .zip "
                    + "with model.json; `covid-xray bundle` makes one from ONNX or TorchScript weights), or add "
                    + "io.github.covidxray:covid-xray-models to the classpath once it is released.");
            err.flush();
            return 2;
        }
        List<Path> files = InputFiles.expand(inputs);
        long start = System.nanoTime();
        Tally tally = new Tally();
        try (CovidClassifier classifier = open()) {
            for (int from = 0; from < files.size(); from += batch) {
                classifyChunk(classifier, files.subList(from, Math.min(files.size(), from + batch)), tally, out, err);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "classified %d of %d image(s) in %.1f s (%.1f img/s) with %s %s on %s%s; %s%n",
                    tally.classified, files.size(), seconds, tally.classified / Math.max(seconds, 1e-9),
                    classifier.card().name(), classifier.card().version(), classifier.engine(),
                    tally.failed > 0 ? ", " + tally.failed + " failed" : "", tally.labelCounts());
        }
        out.flush();
        err.flush();
        return tally.failed == 0 ? 0 : 1;
    }

    private CovidClassifier open() throws IOException, ModelException {
        // Batches are classified one after the other: one predictor, each pass using every core.
        ClassifierOptions.Builder options = ClassifierOptions.builder().optEngine(engine).optMaxBatchSize(batch)
                .optPoolSize(1);
        if (model == null) {
            return CovidClassifier.loadDefault(options);
        }
        return CovidClassifier.load(options.setBundle(model).build());
    }

    /** Reads a chunk, skipping unreadable files, and classifies the rest in one call. */
    private void classifyChunk(CovidClassifier classifier, List<Path> chunk, Tally tally, PrintWriter out,
            PrintWriter err) {
        List<XrayImage> images = new ArrayList<>(chunk.size());
        List<Path> readable = new ArrayList<>(chunk.size());
        for (Path file : chunk) {
            try {
                images.add(XrayImage.read(file));
                readable.add(file);
            } catch (InvalidImageException e) {
                fail(tally, out, err, file, e.getMessage(), e);
            }
        }
        if (images.isEmpty()) {
            return;
        }
        try {
            List<Prediction> predictions = classifier.classify(images);
            for (int i = 0; i < predictions.size(); i++) {
                print(out, readable.get(i), predictions.get(i));
                tally.add(predictions.get(i));
            }
        } catch (TranslateException | RuntimeException e) {
            // One image broke the batch: retry one by one so the others still get an answer.
            for (int i = 0; i < images.size(); i++) {
                try {
                    Prediction p = classifier.classify(images.get(i));
                    print(out, readable.get(i), p);
                    tally.add(p);
                } catch (TranslateException | RuntimeException single) {
                    fail(tally, out, err, readable.get(i), "classification failed: " + single.getMessage(), single);
                }
            }
        }
    }

    private void fail(Tally tally, PrintWriter out, PrintWriter err, Path file, String problem, Exception e) {
        tally.failed++;
        common.reportFailure(out, err, file.toString(), problem);
        if (common.verbose()) {
            e.printStackTrace(err);
            err.flush();
        }
    }

    private void print(PrintWriter out, Path file, Prediction p) {
        if (common.json()) {
            CommonOptions.printJson(out, PredictionJson.of(file.toString(), p));
            return;
        }
        StringBuilder line = new StringBuilder();
        line.append(file).append('\t').append(p.label()).append('\t').append(format(p.confidence())).append('\t');
        p.scores().forEach((label, prob) -> line.append(label).append('=').append(format(prob)).append(' '));
        line.setLength(line.length() - 1);
        if (p.operatingPoint() != null) {
            line.append('\t').append(p.flagged() ? "FLAGGED" : "not-flagged").append(" (")
                    .append(p.operatingPoint().label()).append(" >= ").append(format(p.operatingPoint().threshold()))
                    .append(')');
        }
        out.println(line);
        out.flush();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Counts for the summary line; used by one thread. */
    private static final class Tally {
        int classified;
        int failed;
        final Map<String, Integer> byLabel = new TreeMap<>();

        void add(Prediction p) {
            classified++;
            byLabel.merge(p.label(), 1, Integer::sum);
        }

        String labelCounts() {
            if (byLabel.isEmpty()) {
                return "no predictions";
            }
            StringBuilder s = new StringBuilder();
            byLabel.forEach((label, n) -> s.append(s.length() == 0 ? "" : ", ").append(label).append(' ').append(n));
            return s.toString();
        }
    }
}
