package io.github.covidxray.cli;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.Prediction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ModelOptions modelOptions;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS",
            description = "Images (PNG, JPEG, BMP, TIFF, DICOM) or folders searched recursively for them.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException, ModelException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int batch = modelOptions.batch();
        if (batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        err.println(CovidXrayCli.DISCLAIMER);
        err.flush();
        if (!modelOptions.hasModel() && !CovidClassifier.hasDefaultModel()) {
            err.println("error: no model given and no default model installed. Pass --model BUNDLE (a folder or .zip "
                    + "with model.json; `covid-xray bundle` makes one from ONNX or TorchScript weights), or add "
                    + "io.github.covidxray:covid-xray-models to the classpath once it is released.");
            err.flush();
            return 2;
        }
        List<Path> files = InputFiles.expand(inputs);
        long start = System.nanoTime();
        Tally tally = new Tally();
        // One predictor whose passes use every core the decoders leave; files are read while batches run.
        try (CovidClassifier classifier = modelOptions.open(1)) {
            classifier.classifyEach(files.stream().map(ImageSource::of).iterator(),
                    outcome -> report(outcome, tally, out, err));
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

    private void report(ClassificationOutcome outcome, Tally tally, PrintWriter out, PrintWriter err) {
        if (outcome.ok()) {
            print(out, outcome.input(), outcome.prediction());
            tally.add(outcome.prediction());
            return;
        }
        tally.failed++;
        common.reportFailure(out, err, outcome.input(), outcome.error());
        if (common.verbose()) {
            outcome.failure().printStackTrace(err);
            err.flush();
        }
    }

    private void print(PrintWriter out, String file, Prediction p) {
        if (common.json()) {
            CommonOptions.printJson(out, PredictionJson.of(file, p));
            return;
        }
        StringBuilder line = new StringBuilder();
        if (p.outOfDistribution()) {
            // No label or confidence up front: the scores describe an image the model was not trained to read.
            line.append(file).append('\t').append(OUT_OF_DISTRIBUTION).append(" (ood score ")
                    .append(format(p.oodScore())).append("; scores ");
            p.scores().forEach((label, prob) -> line.append(label).append('=').append(format(prob)).append(' '));
            line.setLength(line.length() - 1);
            out.println(line.append(')'));
            out.flush();
            return;
        }
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

    /** How the text output marks an input the model's out-of-distribution gate flags. */
    static final String OUT_OF_DISTRIBUTION =
            "OUT OF DISTRIBUTION: not a frontal chest X-ray like the training data; scores not meaningful";

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
