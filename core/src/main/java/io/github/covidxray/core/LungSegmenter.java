package io.github.covidxray.core;

import ai.djl.ModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the lungs in chest X-rays with a segmentation model bundle (output kind {@code mask_logits}), on any
 * engine the bundle's format runs on, like {@link CovidClassifier}: engines are found with
 * {@link java.util.ServiceLoader}, and the bundle's {@link PreprocessingSpec} says how an image becomes input.
 *
 * <pre>{@code
 * try (LungSegmenter segmenter = LungSegmenter.loadDefault()) {
 *     LungMask mask = segmenter.segment(XrayImage.read(Path.of("chest.png")));
 *     if (!mask.flagged()) {
 *         System.out.println(mask.lungFraction() + " " + mask.boundingBox());
 *     }
 * }
 * }</pre>
 *
 * <p>Masks come back in each input image's own coordinates: the letterbox padding (or centre crop) of the
 * preprocessing is undone, and the model's mask is interpolated bilinearly to the image's resolution before
 * thresholding. With a centre-cropping spec, pixels outside the crop are outside the mask (the model never
 * saw them).
 *
 * <p>Thread-safe: share one instance; {@link #segment(List)} runs batches of up to
 * {@link ClassifierOptions#maxBatchSize()} images. Research use only: not a medical device.
 */
public interface LungSegmenter extends AutoCloseable {

    /** Where {@code covid-xray-models} keeps the bundled lung segmenter on the class path. */
    String DEFAULT_MODEL_RESOURCE = "io/github/covidxray/models/lungs";

    /**
     * @param image an X-ray
     * @return its lung mask, same size as the image
     * @throws TranslateException if the engine fails or the model's output is not finite
     * @throws IllegalStateException if the segmenter is closed
     */
    LungMask segment(XrayImage image) throws TranslateException;

    /**
     * @param images X-rays
     * @return their masks, in order
     * @throws TranslateException if the engine fails
     * @throws IllegalStateException if the segmenter is closed
     */
    List<LungMask> segment(List<XrayImage> images) throws TranslateException;

    /** @return the bundle's card */
    ModelCard card();

    /** @return the DJL engine running the model */
    String engine();

    /** Releases the model and its native memory; calling it again does nothing. */
    @Override
    void close();

    /**
     * @param bundle a segmentation bundle folder or zip
     * @return the segmenter
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is not a segmentation bundle or no engine can run it
     */
    static LungSegmenter load(Path bundle) throws IOException, ModelException {
        return load(ClassifierOptions.builder().setBundle(bundle).build());
    }

    /**
     * @param options the bundle, engine, pool and batch options
     * @return the segmenter
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is not a segmentation bundle or no engine can run it
     */
    static LungSegmenter load(ClassifierOptions options) throws IOException, ModelException {
        return PooledLungSegmenter.open(ModelBundle.load(options.bundle()), options);
    }

    /**
     * Opens the lung segmenter bundled in {@code covid-xray-models}.
     *
     * @param options engine and pool options; the builder's bundle is ignored
     * @return the segmenter
     * @throws IOException if files cannot be read
     * @throws ModelException if the models artifact or an engine is missing from the class path
     */
    static LungSegmenter loadDefault(ClassifierOptions.Builder options) throws IOException, ModelException {
        ClassLoader loader = defaultModelLoader();
        if (loader == null) {
            throw new ModelNotFoundException("no lung segmenter on the class path: add the Maven dependency "
                    + "io.github.covidxray:covid-xray-models (or pass a bundle to LungSegmenter.load)");
        }
        ModelBundle bundle = ModelBundle.sharedFromClasspath(DEFAULT_MODEL_RESOURCE, loader);
        return PooledLungSegmenter.open(bundle, options.setBundle(bundle.directory()).build());
    }

    /**
     * @return the bundled lung segmenter with default options
     * @throws IOException if files cannot be read
     * @throws ModelException if the models artifact or an engine is missing from the class path
     */
    static LungSegmenter loadDefault() throws IOException, ModelException {
        return loadDefault(ClassifierOptions.builder().setBundle(Path.of("classpath:" + DEFAULT_MODEL_RESOURCE)));
    }

    /** @return whether the bundled lung segmenter ({@code covid-xray-models}) is on the class path */
    static boolean hasDefaultModel() {
        return defaultModelLoader() != null;
    }

    private static ClassLoader defaultModelLoader() {
        return Backends.loaderOf(DEFAULT_MODEL_RESOURCE);
    }
}
