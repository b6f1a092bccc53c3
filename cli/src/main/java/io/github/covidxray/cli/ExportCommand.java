package io.github.covidxray.cli;

import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.export.OnnxBundleExporter;
import io.github.covidxray.export.OnnxExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covid-xray export --model BUNDLE --onnx --out BUNDLE2}: a DJL-format bundle as an ONNX bundle. */
@Command(name = "export", description = {
    "Convert a DJL-format model bundle (MobileNetV2 or DenseNet-121 .params) into an ONNX bundle for ONNX Runtime.",
    "Labels, preprocessing (normalisation included), operating point and provenance are kept."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE",
            description = "The DJL-format bundle: a folder, a .zip or its model.json.")
    Path model;

    @Option(names = "--onnx", required = true, description = "Write ONNX (the only target format).")
    boolean onnx;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE2",
            description = "Folder of the new bundle; created if needed, its model.json replaced.")
    Path out;

    @Option(names = "--keep-batchnorm", description = "Keep every BatchNorm as a BatchNormalization node"
            + " instead of folding those that follow a convolution into it.")
    boolean keepBatchNorm;

    @Override
    public Integer call() throws IOException {
        var stdout = spec.commandLine().getOut();
        var stderr = spec.commandLine().getErr();
        OnnxBundleExporter.Result result;
        try {
            ModelBundle source = ModelBundle.load(model);
            result = OnnxBundleExporter.builder().optFoldBatchNorm(!keepBatchNorm).build().export(source, out);
        } catch (InvalidBundleException e) {
            common.reportFailure(stdout, stderr, model.toString(), e.getMessage());
            return 1;
        }
        OnnxExporter.Report report = result.report();
        ModelBundle bundle = result.bundle();
        if (common.json()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("model", model.toString());
            line.put("out", bundle.directory().toString());
            line.put("weights", bundle.card().weights());
            line.put("format", bundle.card().format().jsonName());
            line.put("architecture", bundle.card().architecture());
            line.put("bytes", report.bytes());
            line.put("nodes", report.nodes());
            line.put("folded_batch_norms", report.foldedBatchNorms());
            line.put("batch_norm_nodes", report.batchNormNodes());
            line.put("seconds", report.elapsed().toMillis() / 1000.0);
            CommonOptions.printJson(stdout, line);
        } else {
            stdout.printf("exported %s (%s) to %s: %.1f MB, %d nodes, %d BatchNorms folded, %d kept, %.1f s%n",
                    bundle.card().name(), bundle.card().architecture(), bundle.weightsFile(),
                    report.bytes() / 1e6, report.nodes(), report.foldedBatchNorms(), report.batchNormNodes(),
                    report.elapsed().toMillis() / 1000.0);
        }
        stdout.flush();
        return 0;
    }
}
