package io.github.covidxray.cli;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.model.OutputKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray bundle --weights FILE --labels a,b,c --arch NAME --out DIR}: wraps a weight file (ONNX,
 * TorchScript or DJL parameters) into a model bundle ({@code model.json} with preprocessing, labels and
 * checksum) and, unless {@code --no-verify}, loads it once to check that the model runs and outputs one
 * value per label.
 */
@Command(name = "bundle", sortOptions = false,
        description = {"Make a model bundle (model.json + weights) from ONNX, TorchScript or DJL weights,",
            "for example from torchvision models exported in Python."})
final class BundleCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The weight file (.onnx, .pt, .params).")
    Path weights;

    @Option(names = "--labels", required = true, split = ",", paramLabel = "LABEL",
            description = "Class labels in the order of the model's outputs, e.g. covid,normal,pneumonia.")
    List<String> labels;

    @Option(names = "--arch", required = true, paramLabel = "NAME", description = "Architecture, e.g. mobilenetv2 or densenet121.")
    String architecture;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bundle folder to create.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "onnx, torchscript or djl (default: from the extension: .onnx, .pt/.pth/.ts, .params).")
    String format;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the --out folder's name).")
    String name;

    @Option(names = "--model-version", paramLabel = "VERSION", defaultValue = "0.1.0",
            description = "The model's version (default: ${DEFAULT-VALUE}).")
    String modelVersion;

    @Option(names = "--size", defaultValue = "224", description = "Input width and height (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "Input channels, 1 or 3 (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--normalization", defaultValue = "IMAGENET",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    PreprocessingSpec.Normalization normalization;

    @Option(names = "--resize", defaultValue = "CENTER_CROP", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    PreprocessingSpec.ResizeMode resize;

    @Option(names = "--resampling", defaultValue = "AREA", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    PreprocessingSpec.Resampling resampling;

    @Option(names = "--output", defaultValue = "LOGITS",
            description = "What the model outputs: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputKind output;

    @Option(names = "--operating-point", paramLabel = "LABEL:THRESHOLD",
            description = "Flag images whose LABEL probability reaches THRESHOLD, e.g. covid:0.3.")
    String operatingPoint;

    @Option(names = "--no-verify", description = "Do not load the bundle to check it.")
    boolean noVerify;

    @Override
    public Integer call() throws IOException, ModelException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(weights)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--weights " + weights + ": no such file");
        }
        ModelFormat modelFormat = format != null ? ModelFormat.parse(format) : formatFromExtension();
        ModelCard.Builder card = ModelCard.builder()
                .setName(name != null ? name : out.toAbsolutePath().getFileName().toString())
                .setArchitecture(architecture)
                .setLabels(labels.stream().map(String::trim).toList())
                .setPreprocessing(PreprocessingSpec.builder().setSize(size).optChannels(channels)
                        .optNormalization(normalization).optResizeMode(resize).optResampling(resampling).build())
                .setWeights(modelFormat, weights.getFileName().toString())
                .optVersion(modelVersion)
                .optOutput(output)
                .optProvenance(Map.of("source_weights", weights.toAbsolutePath().toString()));
        if (operatingPoint != null) {
            card.optOperatingPoint(parseOperatingPoint());
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.write(out, card.build(), weights);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
        }
        String engine = noVerify ? null : verify(bundle);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bundle", bundle.directory().toString());
        result.put("format", modelFormat.jsonName());
        result.put("weights", bundle.card().weights());
        result.put("sha256", bundle.card().sha256());
        result.put("labels", bundle.card().labels());
        result.put("verified_on", engine);
        if (common.json()) {
            CommonOptions.printJson(stdout, result);
        } else {
            stdout.printf("wrote %s (%s, %s, sha256 %s)%n", bundle.directory(), bundle.card().weights(),
                    modelFormat.jsonName(), bundle.card().sha256());
            if (engine != null) {
                err.printf("verified: the model loads on %s and outputs %d values per image %s%n", engine,
                        labels.size(), bundle.card().labels());
            }
        }
        stdout.flush();
        err.flush();
        return 0;
    }

    /** Opens the bundle once: loading runs a forward pass and checks the output count against the labels. */
    private String verify(ModelBundle bundle) throws IOException, ModelException {
        ClassifierOptions options = ClassifierOptions.builder().setBundle(bundle.directory()).optPoolSize(1).build();
        try (CovidClassifier classifier = CovidClassifier.load(options)) {
            return classifier.engine();
        }
    }

    private ModelFormat formatFromExtension() {
        String file = weights.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".onnx")) {
            return ModelFormat.ONNX;
        }
        if (file.endsWith(".pt") || file.endsWith(".pth") || file.endsWith(".ts") || file.endsWith(".torchscript")) {
            return ModelFormat.TORCHSCRIPT;
        }
        if (file.endsWith(".params")) {
            return ModelFormat.DJL;
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot tell the format of " + weights
                + " from its extension (expected .onnx, .pt, .pth, .ts or .params): give --format onnx|torchscript|djl");
    }

    private OperatingPoint parseOperatingPoint() {
        int colon = operatingPoint.lastIndexOf(':');
        try {
            return new OperatingPoint(operatingPoint.substring(0, colon).trim(),
                    Double.parseDouble(operatingPoint.substring(colon + 1)), Double.NaN, Double.NaN, Double.NaN);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--operating-point " + operatingPoint
                    + ": expected LABEL:THRESHOLD with a threshold in [0, 1], e.g. covid:0.3");
        }
    }
}
