package io.github.covidxray.cli;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.LungSegmenter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every command that runs a model; mixed in with {@code @Mixin}. */
public final class ModelOptions {

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "Model bundle folder or zip (default: the bundled model: the classifier, or the lung "
                    + "segmenter for segment and evaluate-lungs).")
    Path model;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "DJL engine: OnnxRuntime or PyTorch (default: chosen by the bundle's format).")
    String engine;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads per forward pass (default: the processors the decoder threads leave, a third of them decoding).")
    int threads;

    /** @return whether {@code --model} was given */
    public boolean hasModel() {
        return model != null;
    }

    /** @return the batch size */
    public int batch() {
        return batch;
    }

    /**
     * Opens the model named by {@code --model}, or the bundled default model, with one predictor: for
     * commands that classify one batch at a time; its passes get the cores the decoder threads leave.
     *
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is invalid or no engine can run it
     */
    public CovidClassifier open() throws IOException, ModelException {
        return open(1);
    }

    /**
     * Opens the model with a given number of predictors, for callers that classify from several threads.
     *
     * @param poolSize concurrent forward passes
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is invalid or no engine can run it
     */
    public CovidClassifier open(int poolSize) throws IOException, ModelException {
        return open(ClassifierOptions.builder().optPoolSize(poolSize));
    }

    private CovidClassifier open(ClassifierOptions.Builder options) throws IOException, ModelException {
        options.optEngine(engine).optMaxBatchSize(Math.max(1, batch)).optIntraOpThreads(threads);
        if (model == null) {
            return CovidClassifier.loadDefault(options);
        }
        return CovidClassifier.load(options.setBundle(model).build());
    }

    /**
     * Opens the segmentation bundle named by {@code --model}, or the bundled lung segmenter.
     *
     * @return the segmenter
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is not a segmentation bundle or no engine can run it
     */
    public LungSegmenter openLungSegmenter() throws IOException, ModelException {
        ClassifierOptions.Builder options = ClassifierOptions.builder().optPoolSize(1).optEngine(engine)
                .optMaxBatchSize(Math.max(1, batch)).optIntraOpThreads(threads);
        if (model == null) {
            return LungSegmenter.loadDefault(options);
        }
        return LungSegmenter.load(options.setBundle(model).build());
    }
}
