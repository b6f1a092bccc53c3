package io.github.covidxray.export;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.spi.ArchitectureProvider;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.UNetBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a DJL-format model bundle ({@code model.json} and a {@code <prefix>-NNNN.params} file) into an ONNX
 * bundle for ONNX Runtime. The network is rebuilt from the card's architecture through
 * {@link ArchitectureProvider} (covid-xray-training provides {@code mobilenetv2}, {@code densenet121} and the
 * segmentation network {@code unet-<filters>}),
 * its parameters are read with a DJL engine, and it is written with {@link OnnxExporter}, input size fixed
 * to the bundle's preprocessing. The new card keeps name, version, labels, preprocessing (normalisation
 * included: the graph expects normalised input, like the PyTorch model), output kind, operating point,
 * intended use and provenance, switches the format to {@code onnx} and adds {@code exported_from} to the
 * provenance. Immutable and thread-safe.
 */
public final class OnnxBundleExporter {

    /** The provenance key recording the source bundle. */
    public static final String EXPORTED_FROM = "exported_from";

    private static final Pattern PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

    private final boolean foldBatchNorm;
    private final String engine;

    private OnnxBundleExporter(Builder b) {
        this.foldBatchNorm = b.foldBatchNorm;
        this.engine = b.engine;
    }

    /** @return a builder: BatchNorm folded, parameters read with the DJL format's default engine (PyTorch) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The written bundle and what the export did.
     *
     * @param bundle the ONNX bundle
     * @param report sizes, counts and time of the graph export
     */
    public record Result(ModelBundle bundle, OnnxExporter.Report report) {}

    /**
     * Exports a bundle.
     *
     * @param source a verified DJL-format bundle
     * @param outDir the folder of the new bundle, created if needed; its {@code model.json} is replaced
     * @return the ONNX bundle
     * @throws InvalidBundleException if the source is not DJL format, names an architecture no provider knows,
     *     or its parameters do not fit the network
     * @throws IllegalArgumentException if {@code outDir} is the source bundle's folder
     * @throws IllegalStateException if the engine that reads the parameters is not on the class path
     * @throws IOException if writing fails
     */
    public Result export(ModelBundle source, Path outDir) throws InvalidBundleException, IOException {
        ModelCard card = source.card();
        Path dir = source.directory();
        if (card.format() != ModelFormat.DJL) {
            throw new InvalidBundleException(dir + ": format is " + card.format().jsonName() + ", expected "
                    + ModelFormat.DJL.jsonName() + " (only DJL parameter bundles are exported to ONNX)");
        }
        if (Files.isDirectory(outDir) && Files.isSameFile(outDir, dir)) {
            throw new IllegalArgumentException(outDir + ": the ONNX bundle needs its own folder, not the source's");
        }
        Matcher m = PARAMS.matcher(card.weights());
        if (!m.matches()) {
            throw new InvalidBundleException(dir + ": weights '" + card.weights()
                    + "' are not named <prefix>-NNNN.params as DJL saves them");
        }
        PreprocessingSpec spec = card.preprocessing();
        Block network = network(dir, card);
        OnnxExporter exporter = OnnxExporter.builder().optFoldBatchNorm(foldBatchNorm)
                .optImageSize(spec.height(), spec.width()).build();
        Path onnxFile = outDir.resolve(fileName(card.name()) + ".onnx");
        OnnxExporter.Report report;
        try (Model model = newModel(card.name())) {
            model.setBlock(network);
            try {
                model.load(dir, m.group(1), Map.of("epoch", m.group(2)));
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new InvalidBundleException(dir + ": cannot load " + card.weights() + " into "
                        + card.architecture() + " with " + spec.channels() + " input channel(s) and "
                        + card.labels().size() + " classes: " + e.getMessage(), e);
            }
            Files.createDirectories(outDir);
            report = network instanceof UNetBlock unet ? exporter.export(unet, onnxFile)
                    : exporter.export((ClassifierNetwork) network, onnxFile);
        }
        ModelCard onnxCard = card.withFormat(ModelFormat.ONNX).withProvenance(provenance(card, report))
                .withOutputs(report.outputs().size() > 1 ? report.outputs() : null);
        if (card.ood() != null && !onnxCard.has(ModelOutput.POOLED_FEATURES)) {
            onnxCard = onnxCard.withOod(null); // the gate needs the features output
        } else if (card.ood() != null) {
            for (String file : card.ood().files()) {
                Files.copy(dir.resolve(file), outDir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new Result(ModelBundle.write(outDir, onnxCard, onnxFile), report);
    }

    private static Block network(Path dir, ModelCard card) throws InvalidBundleException {
        int channels = card.preprocessing().channels();
        int classes = card.labels().size();
        Block block = ArchitectureProvider.find(card.architecture(), channels, classes)
                .orElseThrow(() -> new InvalidBundleException(dir + ": no architecture provider on the class path"
                        + " knows '" + card.architecture() + "' (covid-xray-training provides mobilenetv2 and"
                        + " densenet121)"));
        if (!(block instanceof ClassifierNetwork) && !(block instanceof UNetBlock)) {
            throw new InvalidBundleException(dir + ": architecture '" + card.architecture() + "' is built as "
                    + block.getClass().getName() + ", not a covid-xray ClassifierNetwork or UNetBlock, so it cannot"
                    + " be exported");
        }
        return block;
    }

    private Model newModel(String name) {
        try {
            return Model.newInstance(name, engine);
        } catch (EngineException | IllegalArgumentException e) {
            throw new IllegalStateException("reading DJL parameters needs the " + engine + " engine: add "
                    + "io.github.covidxray:" + ModelFormat.DJL.artifact() + " to the class path (" + e.getMessage()
                    + ")", e);
        }
    }

    private Map<String, Object> provenance(ModelCard card, OnnxExporter.Report report) {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("format", ModelFormat.DJL.jsonName());
        from.put("weights", card.weights());
        from.put("sha256", card.sha256());
        from.put("exporter", "covid-xray " + OnnxExporter.producerVersion());
        from.put("opset", OnnxExporter.OPSET);
        from.put("batch_norm", report.foldedBatchNorms() + " folded into the preceding convolution, "
                + report.batchNormNodes() + " kept as BatchNormalization nodes");
        from.put("normalisation", "not in the graph: input is normalised as 'preprocessing' says");
        Map<String, Object> provenance = new LinkedHashMap<>(card.provenance());
        provenance.put(EXPORTED_FROM, from);
        return provenance;
    }

    /** Model names become file names: keep them portable. */
    private static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "model" + safe : safe;
    }

    /** Options for {@link OnnxBundleExporter}. Not thread-safe. */
    public static final class Builder {

        private boolean foldBatchNorm = true;
        private String engine = ModelFormat.DJL.defaultEngine();

        private Builder() {}

        /**
         * @param fold see {@link OnnxExporter.Builder#optFoldBatchNorm(boolean)}; default true
         * @return this builder
         */
        public Builder optFoldBatchNorm(boolean fold) {
            this.foldBatchNorm = fold;
            return this;
        }

        /**
         * @param engine the DJL engine that reads the {@code .params} file; default PyTorch
         * @return this builder
         */
        public Builder optEngine(String engine) {
            this.engine = engine;
            return this;
        }

        /** @return the exporter */
        public OnnxBundleExporter build() {
            return new OnnxBundleExporter(this);
        }
    }
}
