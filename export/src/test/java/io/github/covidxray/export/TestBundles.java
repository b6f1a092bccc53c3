package io.github.covidxray.export;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.training.nn.ClassifierNetwork;
import io.github.covidxray.training.nn.MobileNetV2Block;
import io.github.covidxray.training.nn.UNetBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes DJL-format bundles of random networks, for export tests here and in the CLI. */
public final class TestBundles {

    /** The labels of test bundles. */
    public static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    private TestBundles() {}

    /**
     * @param name the model name
     * @param architecture the architecture
     * @param channels input channels
     * @param size input side in pixels
     * @return a DJL-format card with an operating point and provenance, as training writes them
     */
    public static ModelCard card(String name, String architecture, int channels, int size) {
        return ModelCard.builder().setName(name).setArchitecture(architecture).setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.builder().setSize(size).optChannels(channels).build())
                .setWeights(ModelFormat.DJL, name + "-0000.params")
                .optOperatingPoint(new OperatingPoint("covid", 0.3, 0.95, 0.96, 0.8))
                .optProvenance(Map.of("training", "seed 1"))
                .build();
    }

    /**
     * Saves a model's parameters as DJL does ({@code <name>-0000.params}) and writes the bundle.
     *
     * @param model a model whose block is initialised
     * @param card the card; its weights must be {@code <name>-0000.params}
     * @param dir the bundle folder
     * @return the bundle
     * @throws IOException if writing fails
     */
    public static ModelBundle writeDjl(Model model, ModelCard card, Path dir) throws IOException {
        Files.createDirectories(dir);
        model.setProperty("Epoch", "0");
        model.save(dir, card.name());
        return ModelBundle.write(dir, card, dir.resolve(card.name() + "-0000.params"));
    }

    /**
     * Writes a bundle of a random gray MobileNetV2 with non-trivial BatchNorm statistics.
     *
     * @param dir the bundle folder
     * @param size input side in pixels
     * @return the bundle
     * @throws IOException if writing fails
     */
    public static ModelBundle grayMobileNetV2(Path dir, int size) throws IOException {
        try (Model model = Model.newInstance("gray", ExportTesting.PYTORCH)) {
            ClassifierNetwork network = MobileNetV2Block.builder().setNumClasses(LABELS.size()).optInChannels(1)
                    .build();
            model.setBlock(network);
            network.initialize(model.getNDManager(), size);
            ExportTesting.randomizeStatistics(network, 11);
            return writeDjl(model, card("gray", MobileNetV2Block.ARCHITECTURE, 1, size), dir);
        }
    }

    /**
     * Writes a segmentation bundle of a random {@code unet-4} ({@link OutputKind#MASK_LOGITS}, label
     * {@code lungs}, letterboxed gray input) with non-trivial BatchNorm statistics.
     *
     * @param dir the bundle folder
     * @param size input side in pixels, a multiple of 16
     * @param seed seeds the weights
     * @return the bundle
     * @throws IOException if writing fails
     */
    public static ModelBundle randomUNet(Path dir, int size, int seed) throws IOException {
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(size).optChannels(1)
                .optResizeMode(PreprocessingSpec.ResizeMode.LETTERBOX)
                .optNormalization(PreprocessingSpec.Normalization.SYMMETRIC).build();
        ModelCard card = ModelCard.builder().setName("unet-test").setArchitecture("unet-4").setLabels(List.of("lungs"))
                .setPreprocessing(spec).setWeights(ModelFormat.DJL, "unet-test-0000.params")
                .optOutput(OutputKind.MASK_LOGITS).build();
        // Seeded initialisation: the same random network on every run.
        ai.djl.engine.Engine.getEngine(ExportTesting.PYTORCH).setRandomSeed(seed);
        try (Model model = Model.newInstance("unet-test", ExportTesting.PYTORCH)) {
            UNetBlock unet = UNetBlock.fromName("unet-4", 1);
            model.setBlock(unet);
            unet.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
            ExportTesting.randomizeStatistics(unet, seed);
            return writeDjl(model, card, dir);
        }
    }
}
