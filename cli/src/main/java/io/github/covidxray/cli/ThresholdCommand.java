package io.github.covidxray.cli;

import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.OperatingPoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code covid-xray threshold}: chooses and stores a bundle's operating point on validation data. */
@Command(name = "threshold", description = {
    "Choose the operating point of a model on labelled validation data (never the test data) and store it in",
    "the bundle's model.json: the threshold on P(class) that keeps the class's sensitivity at the target."})
final class ThresholdCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "The bundle to update.")
    Path model;

    @Option(names = "--target-sensitivity", defaultValue = "0.95", description = "Sensitivity to keep (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--positive", defaultValue = "covid", description = "The class to flag (default: ${DEFAULT-VALUE}).")
    String positive;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = BundleOperatingPoint.chooseAndStore(ModelBundle.load(model), dataset.read(), positive, target, 16,
                spec.commandLine().getErr());
        OperatingPoint op = bundle.card().operatingPoint();
        if (common.json()) {
            CommonOptions.printJson(spec.commandLine().getOut(), op);
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "stored in %s: flag %s when P >= %.6f (sensitivity %.3f, specificity %.3f on %s)%n",
                    bundle.directory().resolve(ModelBundle.MODEL_JSON), op.label(), op.threshold(), op.sensitivity(),
                    op.specificity(), dataset.describe());
        }
        return 0;
    }
}
