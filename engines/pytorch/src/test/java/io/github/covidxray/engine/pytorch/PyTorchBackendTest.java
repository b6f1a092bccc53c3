package io.github.covidxray.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.zoo.ModelNotFoundException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.TinyNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch-specific behaviour: weight file names, unknown architectures, thread options. */
class PyTorchBackendTest {

    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");
    private static final TinyNet NET = TinyNet.random(1, TinyBlocks.FILTERS, 3, 5);

    @TempDir
    Path dir;

    private ModelBundle bundle(String name, String architecture, Path weights) throws Exception {
        ModelCard card = ModelCard.builder().setName(name).setArchitecture(architecture).setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.builder().setSize(20).optChannels(1).build())
                .setWeights(ModelFormat.DJL, weights.getFileName().toString()).build();
        return ModelBundle.write(dir.resolve(name), card, weights);
    }

    private static XrayImage image() {
        byte[] px = new byte[30 * 30];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return XrayImage.ofGray8(30, 30, px, "ramp");
    }

    private static double[] classify(ClassifierOptions options) throws Exception {
        try (CovidClassifier c = CovidClassifier.load(options)) {
            return c.classify(image()).probabilities().stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Test
    void djlNamedAndFreelyNamedParamsGiveTheSameModel() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        ModelBundle djlNamed = bundle("djl-named", TinyBlocks.ARCHITECTURE, TinyBlocks.saveParams(NET, src.resolve("net-0012.params")));
        ModelBundle freeNamed = bundle("free-named", TinyBlocks.ARCHITECTURE, TinyBlocks.saveParams(NET, src.resolve("weights.bin")));
        assertArrayEquals(classify(ClassifierOptions.builder().setBundle(djlNamed.directory()).build()),
                classify(ClassifierOptions.builder().setBundle(freeNamed.directory()).build()), 0.0);
    }

    @Test
    void unknownArchitectureSaysWhichArtifactProvidesArchitectures() throws Exception {
        Path params = TinyBlocks.saveParams(NET, Files.createDirectories(dir.resolve("src")).resolve("net.params"));
        ModelBundle b = bundle("unknown-arch", "resnet9000", params);
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> CovidClassifier.load(b.directory()));
        assertTrue(e.getMessage().contains("resnet9000") && e.getMessage().contains("covid-xray-training"), e.getMessage());
    }

    @Test
    void threadOptionsDoNotChangeTheAnswers() throws Exception {
        Path params = TinyBlocks.saveParams(NET, Files.createDirectories(dir.resolve("src")).resolve("net.params"));
        ModelBundle b = bundle("threads", TinyBlocks.ARCHITECTURE, params);
        double[] defaults = classify(ClassifierOptions.builder().setBundle(b.directory()).build());
        // Surefire starts PyTorch with 1 inter-op thread; asking for 1 again must be accepted silently.
        double[] tuned = classify(ClassifierOptions.builder().setBundle(b.directory()).optIntraOpThreads(1)
                .optInterOpThreads(1).build());
        assertArrayEquals(defaults, tuned, 1e-6);
    }
}
