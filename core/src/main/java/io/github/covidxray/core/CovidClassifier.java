package io.github.covidxray.core;

import ai.djl.ModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.OutputKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Classifies chest X-rays with a model bundle on whichever DJL engine can run it.
 *
 * <pre>{@code
 * try (CovidClassifier classifier = CovidClassifier.loadDefault()) {
 *     Prediction p = classifier.classify(Path.of("chest.png")); // read as this model's bundle says
 *     System.out.println(p.label() + " " + p.confidence());
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> implementations are thread-safe: one instance is meant to be shared by all
 * threads of a server. Concurrent calls run on a pool of predictors ({@link ClassifierOptions#poolSize()});
 * callers beyond the pool size wait for a free predictor. {@link #close()} waits for calls in flight and
 * makes later calls fail with {@link IllegalStateException}.
 *
 * <p>Research use only: a prediction is a model output, not a diagnosis.
 */
public interface CovidClassifier extends AutoCloseable {

    /** The classpath folder where the bundled default model lives (module {@code covid-xray-models}). */
    String DEFAULT_MODEL_RESOURCE = "io/github/covidxray/models/default";

    /**
     * Classifies one image.
     *
     * @param image the image
     * @return the prediction
     * @throws TranslateException if the engine fails on this input
     * @throws IllegalStateException if the classifier is closed
     */
    Prediction classify(XrayImage image) throws TranslateException;

    /**
     * Classifies several images in as few forward passes as {@link ClassifierOptions#maxBatchSize()} allows.
     *
     * @param images the images
     * @return one prediction per image, in the same order
     * @throws TranslateException if the engine fails
     * @throws IllegalStateException if the classifier is closed
     */
    List<Prediction> classify(List<XrayImage> images) throws TranslateException;

    /**
     * Reads a file the way this model expects ({@link #readOptions()}) and classifies it.
     *
     * @param file a PNG, JPEG, BMP, TIFF or DICOM file
     * @return the prediction
     * @throws InvalidImageException if the file cannot be read as an image; the message names it
     * @throws TranslateException if the engine fails on this input
     * @throws IllegalStateException if the classifier is closed
     */
    default Prediction classify(Path file) throws InvalidImageException, TranslateException {
        return classify(XrayImage.read(file, readOptions()));
    }

    /**
     * Decodes an encoded image the way this model expects ({@link #readOptions()}) and classifies it.
     *
     * @param encoded the file's bytes (PNG, JPEG, BMP, TIFF or DICOM)
     * @param name how to name the input in messages
     * @return the prediction
     * @throws InvalidImageException if the bytes are not a readable image; the message names the input
     * @throws TranslateException if the engine fails on this input
     * @throws IllegalStateException if the classifier is closed
     */
    default Prediction classify(byte[] encoded, String name) throws InvalidImageException, TranslateException {
        return classify(XrayImage.read(encoded, name, readOptions()));
    }

    /**
     * Reads and classifies many inputs, each with this model's {@link #readOptions()}. Inputs are read and
     * decoded on a few threads while earlier batches run on the engine, holding at most
     * {@link ClassifierOptions#pixelBudget()} decoded pixels (sizes come from the inputs' headers, before
     * decoding). A bad input costs only itself: it gets a failed outcome naming it and the problem, and the
     * rest are classified.
     *
     * @param sources the inputs
     * @return one outcome per input, in input order
     * @throws IllegalStateException if the classifier is closed
     */
    default List<ClassificationOutcome> classifyAll(List<? extends ImageSource> sources) {
        return ClassificationPipeline.withDefaults(this).classifyAll(sources);
    }

    /**
     * The streaming form of {@link #classifyAll}, for inputs too many to list (a folder of archives, a
     * request stream, a Spark partition): outcomes reach {@code sink} in input order, on the calling thread, as
     * batches finish, with memory bounded by the same pixel budget whatever the number of inputs. If the
     * calling thread is interrupted, the inputs already taken from the iterator get a failed outcome and the
     * call returns with the interrupt flag set.
     *
     * @param sources the inputs; {@code next()} is called on the calling thread
     * @param sink receives one outcome per input taken from the iterator, in input order
     * @throws IllegalStateException if the classifier is closed
     */
    default void classifyEach(Iterator<? extends ImageSource> sources, Consumer<? super ClassificationOutcome> sink) {
        ClassificationPipeline.withDefaults(this).run(sources, sink);
    }

    /**
     * Classifies an image and explains the answer with the best method this model supports: a class
     * activation map when the bundle carries one, occlusion otherwise.
     *
     * @param image the image
     * @return the prediction and a heatmap for its label, in the image's own coordinates
     * @throws TranslateException if the engine fails on this input
     * @throws IllegalStateException if the classifier is closed
     */
    Explanation explain(XrayImage image) throws TranslateException;

    /**
     * Classifies an image and explains the answer with the given method.
     *
     * @param image the image
     * @param method how to compute the heatmap
     * @return the prediction and a heatmap for its label, in the image's own coordinates
     * @throws TranslateException if the engine fails on this input
     * @throws UnsupportedOperationException if this model cannot be explained that way (for example
     *     {@link ExplanationMethod#CAM} on a bundle without activation maps); the message says why
     * @throws IllegalStateException if the classifier is closed
     */
    Explanation explain(XrayImage image, ExplanationMethod method) throws TranslateException;

    /**
     * Explains several images with one method; implementations batch the forward passes where they can
     * (class activation maps come from the same pass as the prediction).
     *
     * @param images the images
     * @param method how to compute the heatmaps
     * @return one explanation per image, in order
     * @throws TranslateException if the engine fails
     * @throws UnsupportedOperationException if this model cannot be explained that way
     * @throws IllegalStateException if the classifier is closed
     */
    default List<Explanation> explain(List<XrayImage> images, ExplanationMethod method) throws TranslateException {
        List<Explanation> out = new java.util.ArrayList<>(images.size());
        for (XrayImage image : images) {
            out.add(explain(image, method));
        }
        return out;
    }

    /**
     * @return how this model's inputs are read: the bundle's DICOM windowing and the default size limits
     */
    default ReadOptions readOptions() {
        return card().preprocessing().readOptions();
    }

    /** @return the model's card: name, labels, preprocessing, provenance */
    ModelCard card();

    /** @return the DJL engine running the model, for example {@code OnnxRuntime} */
    String engine();

    /** Releases the model and all native memory. Calling it again does nothing. */
    @Override
    void close();

    /**
     * Opens a bundle with default options, choosing the engine by the bundle's format.
     *
     * @param bundle a bundle folder or zip
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is invalid or no engine on the classpath can run it
     */
    static CovidClassifier load(Path bundle) throws IOException, ModelException {
        return load(ClassifierOptions.builder().setBundle(bundle).build());
    }

    /**
     * Opens a bundle.
     *
     * @param options the bundle and engine options
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the bundle is invalid or no engine on the classpath can run it
     */
    static CovidClassifier load(ClassifierOptions options) throws IOException, ModelException {
        ImageDecoder.warmUpInBackground(); // the decoders get ready on another core while the model loads
        ModelBundle bundle = ModelBundle.load(options.bundle());
        if (bundle.card().output() == OutputKind.MASK_LOGITS) {
            throw new InvalidBundleException(bundle.directory() + ": '" + bundle.card().name()
                    + "' is a segmentation model (output mask_logits), not a classifier: open it with LungSegmenter.load");
        }
        return Backends.open(bundle, options);
    }

    /**
     * Opens the default model bundled in the {@code covid-xray-models} artifact, with default options.
     *
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the models artifact or an engine is missing from the classpath
     */
    static CovidClassifier loadDefault() throws IOException, ModelException {
        return loadDefault(ClassifierOptions.builder().setBundle(Path.of("classpath:" + DEFAULT_MODEL_RESOURCE)));
    }

    /**
     * Opens the bundled default model with options; the builder's bundle is ignored.
     *
     * @param options engine and pool options
     * @return the classifier
     * @throws IOException if files cannot be read
     * @throws ModelException if the models artifact or an engine is missing from the classpath
     */
    static CovidClassifier loadDefault(ClassifierOptions.Builder options) throws IOException, ModelException {
        ImageDecoder.warmUpInBackground(); // the decoders get ready on another core while the model loads
        ClassLoader loader = defaultModelLoader();
        if (loader == null) {
            throw new ModelNotFoundException("no default model on the classpath: add the Maven dependency "
                    + "io.github.covidxray:covid-xray-models (or pass a bundle with --model / CovidClassifier.load)");
        }
        ModelBundle bundle = ModelBundle.sharedFromClasspath(DEFAULT_MODEL_RESOURCE, loader);
        return Backends.open(bundle, options.setBundle(bundle.directory()).build());
    }

    /** @return whether the default model ({@code covid-xray-models}) is on the classpath */
    static boolean hasDefaultModel() {
        return defaultModelLoader() != null;
    }

    private static ClassLoader defaultModelLoader() {
        return Backends.loaderOf(DEFAULT_MODEL_RESOURCE);
    }
}
