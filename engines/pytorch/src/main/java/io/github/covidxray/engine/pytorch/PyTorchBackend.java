package io.github.covidxray.engine.pytorch;

import ai.djl.ModelException;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.spi.ArchitectureProvider;
import io.github.covidxray.core.spi.MultiOutputBlock;
import io.github.covidxray.core.spi.ClassifierBackend;
import io.github.covidxray.core.internal.PooledDjlClassifier;
import java.io.IOException;

/**
 * Runs {@code torchscript} bundles ({@code .pt} from {@code torch.jit.trace}/{@code script}) and {@code djl}
 * bundles ({@code .params} of an architecture an {@link ArchitectureProvider} on the classpath builds, such
 * as the training module's MobileNetV2 and DenseNet-121) on DJL's PyTorch engine. The CPU native libraries
 * come from Maven ({@code pytorch-native-cpu}, {@code pytorch-jni}); nothing is downloaded at run time.
 * Found by {@link java.util.ServiceLoader}; users call {@link CovidClassifier#load} and never this class.
 *
 * <p>Threads: see {@link PyTorchThreads}. All predictors of a classifier share one loaded module.
 *
 * <p>Stateless and thread-safe.
 */
public final class PyTorchBackend implements ClassifierBackend {

    /** DJL's engine name. */
    public static final String ENGINE = "PyTorch";

    /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
    public PyTorchBackend() {}

    @Override
    public String engineName() {
        return ENGINE;
    }

    @Override
    public boolean supports(ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT || format == ModelFormat.DJL;
    }

    @Override
    public CovidClassifier open(ModelBundle bundle, ClassifierOptions options) throws IOException, ModelException {
        PyTorchThreads threads = PyTorchThreads.configure(options.effectiveIntraOpThreads(), options.interOpThreads());
        if (bundle.card().format() == ModelFormat.TORCHSCRIPT) {
            return PooledDjlClassifier.open(bundle, options, ENGINE,
                    spec -> spec.optBeforeForward(threads::applyToCurrentThread));
        }
        Block block = architecture(bundle);
        if (bundle.card().outputList().size() > 1) {
            if (!(block instanceof MultiOutputBlock multi)) {
                throw new io.github.covidxray.core.model.InvalidBundleException(bundle.directory() + ": model.json lists"
                        + " outputs " + bundle.card().outputList() + " but architecture '" + bundle.card().architecture()
                        + "' returns class scores only");
            }
            try {
                multi.selectOutputs(bundle.card().outputList());
            } catch (IllegalArgumentException e) {
                throw new io.github.covidxray.core.model.InvalidBundleException(bundle.directory() + ": " + e.getMessage(), e);
            }
        }
        try (DjlParamsFile params = DjlParamsFile.of(bundle)) {
            return PooledDjlClassifier.open(bundle, options, ENGINE, spec -> {
                spec.optBlock(block).optModel(params.directory(), params.prefix());
                spec.optOption("epoch", Integer.toString(params.epoch()));
                spec.optBeforeForward(threads::applyToCurrentThread);
            });
        }
    }

    private static Block architecture(ModelBundle bundle) throws ModelNotFoundException {
        ModelCard card = bundle.card();
        return ArchitectureProvider.find(card.architecture(), card.preprocessing().channels(), card.labels().size())
                .orElseThrow(() -> new ModelNotFoundException(bundle.directory() + ": no ArchitectureProvider on the "
                        + "classpath builds architecture '" + card.architecture() + "', which this DJL-format bundle's "
                        + "weights need: add the Maven dependency io.github.covidxray:covid-xray-training (mobilenetv2, "
                        + "densenet121) or register your own provider in META-INF/services/"
                        + ArchitectureProvider.class.getName()));
    }
}
