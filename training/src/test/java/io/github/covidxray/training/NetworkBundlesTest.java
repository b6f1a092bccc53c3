package io.github.covidxray.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.spi.ArchitectureProvider;
import io.github.covidxray.training.nn.Architectures;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.DenseNet121Block;
import io.github.covidxray.training.nn.MobileNetV2Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkBundlesTest {

    @TempDir
    Path tmp;

    @Test
    void savedBundleLoadsToIdenticalOutputs() throws Exception {
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(32).optChannels(1).build();
        ModelCard card = ModelCard.builder().setName("tiny").setArchitecture("mobilenetv2-0.5")
                .setLabels(List.of("covid", "normal", "pneumonia")).setPreprocessing(spec)
                .setWeights(ModelFormat.DJL, "unused").build();
        try (Model model = Model.newInstance("tiny", "PyTorch");
                NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = Architectures.create("mobilenetv2-0.5", 1, 3, 0.2f);
            model.setBlock(net);
            net.initialize(model.getNDManager(), 32);
            // move the BatchNorm statistics away from their initial values, so the test sees them saved
            net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(4, 1, 32, 32))), true);
            NDArray input = manager.randomNormal(new Shape(3, 1, 32, 32));
            NDArray expected = forward(net, input, manager);

            ModelBundle bundle = NetworkBundles.write(model, card, tmp.resolve("bundle"));
            assertEquals("tiny-0000.params", bundle.card().weights());
            try (Model loaded = NetworkBundles.load(ModelBundle.load(tmp.resolve("bundle")), "PyTorch")) {
                NDArray actual = forward((ClassifierNetwork) loaded.getBlock(), input, manager);
                assertTrue(expected.contentEquals(actual), expected + " vs " + actual);
            }
        }
    }

    @Test
    void unknownArchitectureIsReportedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.create("resnet50", 3, 3, 0f));
        assertTrue(e.getMessage().contains("densenet121"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architectures.create("mobilenetv2-x", 3, 3, 0f));
        assertEquals("mobilenetv2-0.5", Architectures.mobileNetV2Name(0.5f));
    }

    @Test
    void architecturesAreFoundThroughTheServiceLoader() {
        Optional<Block> dense = ArchitectureProvider.find("densenet121", 1, 3);
        assertTrue(dense.orElseThrow() instanceof DenseNet121Block);
        assertTrue(ArchitectureProvider.find("MobileNetV2", 3, 2).orElseThrow() instanceof MobileNetV2Block);
        assertTrue(ArchitectureProvider.find("vgg16", 3, 2).isEmpty());
    }

    @Test
    void bundleOfAnotherFormatIsRejected() throws Exception {
        PreprocessingSpec spec = PreprocessingSpec.imagenet(32);
        ModelCard card = ModelCard.builder().setName("x").setArchitecture("mobilenetv2")
                .setLabels(List.of("a", "b")).setPreprocessing(spec).setWeights(ModelFormat.ONNX, "x.onnx").build();
        java.nio.file.Files.writeString(tmp.resolve("x.onnx"), "onnx");
        ModelBundle bundle = ModelBundle.write(tmp.resolve("onnx"), card, tmp.resolve("x.onnx"));
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> NetworkBundles.load(bundle, "PyTorch"));
        assertTrue(e.getMessage().contains("not DJL"), e.getMessage());
    }

    private static NDArray forward(ClassifierNetwork net, NDArray x, NDManager manager) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }
}
