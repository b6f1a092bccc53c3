package io.github.covidxray.core.spi;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.OutputKind;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CovidClassifier} every DJL backend shares: a pool of predictors over one loaded model,
 * pure-Java preprocessing (so it works on engines without NDArray operators, like ONNX Runtime), batching
 * and softmax. Engine modules only say how to load the model ({@code Criteria} options).
 *
 * <p>A DJL {@link Predictor} is not thread-safe, so each call borrows one from a blocking pool. Each
 * forward pass runs in DJL's per-call {@code NDManager}, closed when the call returns, so native memory
 * does not grow with the number of calls. Thread-safe.
 */
public final class PooledDjlClassifier implements CovidClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(PooledDjlClassifier.class);

    private final ZooModel<Batch, float[][]> model;
    private final ModelCard card;
    private final String engine;
    private final XrayPreprocessor preprocessor;
    private final int maxBatch;
    private final BlockingQueue<Predictor<Batch, float[][]>> pool;
    private final List<Predictor<Batch, float[][]>> all = new ArrayList<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /** A preprocessed batch in NCHW order; {@code data} may be longer than needed. */
    public record Batch(float[] data, int size, Shape sampleShape) {}

    private PooledDjlClassifier(ZooModel<Batch, float[][]> model, ModelCard card, ClassifierOptions options) {
        this.model = model;
        this.card = card;
        this.engine = model.getNDManager().getEngine().getEngineName();
        this.preprocessor = new XrayPreprocessor(card.preprocessing());
        this.maxBatch = options.maxBatchSize();
        this.pool = new ArrayBlockingQueue<>(options.poolSize());
        for (int i = 0; i < options.poolSize(); i++) {
            Predictor<Batch, float[][]> p = model.newPredictor();
            all.add(p);
            pool.add(p);
        }
    }

    /**
     * Loads a bundle's model with DJL and wraps it. The caller's {@code criteria} hook adds what its engine
     * needs ({@code optEngine}, thread options, a block for DJL-format weights).
     *
     * @param bundle the verified bundle
     * @param options pool and batch options
     * @param criteria engine-specific settings applied to the criteria builder
     * @return the classifier, already checked to output one value per label
     * @throws IOException if files cannot be read
     * @throws ModelException if the engine cannot load the model or its output does not match the labels
     */
    public static PooledDjlClassifier open(ModelBundle bundle, ClassifierOptions options,
            Consumer<Criteria.Builder<Batch, float[][]>> criteria) throws IOException, ModelException {
        Criteria.Builder<Batch, float[][]> builder = Criteria.builder()
                .setTypes(Batch.class, float[][].class)
                .optModelPath(bundle.weightsFile())
                .optTranslator(new BatchTranslator())
                .optProgress(null);
        options.engineOptions().forEach(builder::optOption);
        criteria.accept(builder);
        ZooModel<Batch, float[][]> model;
        try {
            model = builder.build().loadModel();
        } catch (ModelException | IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // Engines report corrupt files as runtime errors (EngineException, OrtException wrappers).
            throw new InvalidBundleException(bundle.directory() + ": the engine cannot load " + bundle.card().weights()
                    + " as " + bundle.card().format().jsonName() + ": " + e.getMessage(), e);
        }
        PooledDjlClassifier classifier = new PooledDjlClassifier(model, bundle.card(), options);
        try {
            classifier.checkOutputMatchesLabels(bundle);
        } catch (ModelException | RuntimeException e) {
            classifier.close();
            throw e;
        }
        LOG.info("loaded {} {} ({}) on {} with {} predictor(s)", bundle.card().name(), bundle.card().version(),
                bundle.card().format().jsonName(), classifier.engine, options.poolSize());
        return classifier;
    }

    /** One forward pass on a blank image: catches a label/output mismatch at load time and warms up. */
    private void checkOutputMatchesLabels(ModelBundle bundle) throws InvalidBundleException {
        float[][] out;
        try {
            out = forward(new Batch(new float[card.preprocessing().sampleSize()], 1, preprocessor.sampleShape()));
        } catch (TranslateException | RuntimeException e) {
            throw new InvalidBundleException(bundle.directory() + ": the model fails on input of shape (1, "
                    + card.preprocessing().channels() + ", " + card.preprocessing().height() + ", "
                    + card.preprocessing().width() + ") that model.json's preprocessing produces: " + e.getMessage(), e);
        }
        if (out.length != 1 || out[0].length != card.labels().size()) {
            throw new InvalidBundleException(bundle.directory() + ": the model outputs " + out[0].length
                    + " values per image but model.json lists " + card.labels().size() + " labels " + card.labels());
        }
    }

    @Override
    public Prediction classify(XrayImage image) throws TranslateException {
        return classify(List.of(image)).get(0);
    }

    @Override
    public List<Prediction> classify(List<XrayImage> images) throws TranslateException {
        List<Prediction> results = new ArrayList<>(images.size());
        int sample = card.preprocessing().sampleSize();
        float[] buffer = null;
        for (int from = 0; from < images.size(); from += maxBatch) {
            List<XrayImage> chunk = images.subList(from, Math.min(images.size(), from + maxBatch));
            buffer = preprocessor.toBatch(chunk, buffer);
            float[][] out = forward(new Batch(buffer, chunk.size(), preprocessor.sampleShape()));
            for (float[] row : out) {
                results.add(Prediction.of(card.labels(), toProbabilities(row), card.operatingPoint()));
            }
            assert buffer.length >= chunk.size() * sample;
        }
        return results;
    }

    private float[][] forward(Batch batch) throws TranslateException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("classifier for " + card.name() + " is closed");
            }
            Predictor<Batch, float[][]> predictor;
            try {
                predictor = pool.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TranslateException("interrupted while waiting for a free predictor", e);
            }
            try {
                return predictor.predict(batch);
            } finally {
                pool.add(predictor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[] toProbabilities(float[] row) {
        if (card.output() == OutputKind.PROBABILITIES) {
            return row.clone();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            e[i] = Math.exp(row[i] - max);
            sum += e[i];
        }
        float[] p = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all.forEach(Predictor::close);
            model.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Batch in, one output row per image out; no engine operators are used, so it runs on ONNX Runtime too. */
    private static final class BatchTranslator implements NoBatchifyTranslator<Batch, float[][]> {
        @Override
        public NDList processInput(TranslatorContext ctx, Batch input) {
            Shape s = input.sampleShape();
            int n = (int) s.size();
            NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(input.data(), 0, input.size() * n),
                    new Shape(input.size(), s.get(0), s.get(1), s.get(2)));
            array.setName("input");
            return new NDList(array);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
            NDArray out = list.get(0);
            Shape shape = out.getShape();
            if (shape.dimension() != 2) {
                throw new TranslateException("expected model output of shape (N, classes), found " + shape);
            }
            int rows = (int) shape.get(0);
            int cols = (int) shape.get(1);
            float[] flat = out.toFloatArray();
            float[][] result = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(flat, r * cols, result[r], 0, cols);
            }
            return result;
        }
    }
}
