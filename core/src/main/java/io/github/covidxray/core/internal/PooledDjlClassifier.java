package io.github.covidxray.core.internal;

import ai.djl.Model;
import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.ClassificationPipeline;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.InputGeometry;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.RawOutputs;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.explain.LungFocuser;
import io.github.covidxray.core.explain.OcclusionExplainer;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.model.OodSettings;
import io.github.covidxray.core.trust.OodGate;
import io.github.covidxray.core.model.OutputKind;
import io.github.covidxray.core.spi.ModelLoadSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
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
 * and softmax. Engine modules only say how to load the model (a {@link ModelLoadSpec}).
 *
 * <p>A DJL {@link Predictor} is not thread-safe, so each forward pass borrows one from a blocking pool of
 * {@link ClassifierOptions#poolSize()} predictors; all of them share the one loaded model (its weights are
 * in memory once). Each forward pass runs in DJL's per-call {@code NDManager}, a child of the model's
 * manager that is closed when the pass returns, so native memory does not grow with the number of calls
 * ({@link #openNDArrays()} lets tests check it).
 *
 * <p>Not API: engine modules open it; everyone else sees a {@link CovidClassifier} (and, for tools,
 * {@link ClassifierDiagnostics}).
 *
 * <p>Thread-safe. {@link #close()} waits for forward passes in flight; later calls fail with
 * {@link IllegalStateException}.
 */
public final class PooledDjlClassifier implements CovidClassifier, ClassifierDiagnostics,
        ClassificationPipeline.Stages<PooledDjlClassifier.Prepared> {

    private static final Logger LOG = LoggerFactory.getLogger(PooledDjlClassifier.class);

    /** Heatmap cells per side for class activation maps mapped onto the image. */
    static final int CAM_CELLS = 32;

    private final Model model;
    private final ModelCard card;
    private final String engine;
    private final XrayPreprocessor preprocessor;
    private final int maxBatch;
    private final Runnable beforeForward;
    private final BlockingQueue<Predictor<ModelInput, RawOutputs>> pool;
    private final List<Predictor<ModelInput, RawOutputs>> all = new ArrayList<>();
    private final double temperature;
    private final OodGate oodGate;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /**
     * Input buffers for reuse (a 224x224 batch of 8 is 4.8 MB), at most one per predictor, so memory stays
     * bounded however many threads call.
     */
    private final BlockingQueue<float[]> spareBuffers;
    private final ClassificationPipeline pipeline;
    /** The spec's lung focus; its segmenter (null without a focus) is owned and closed with the classifier. */
    private final LungFocuser focuser;
    private final LungSegmenter segmenter;
    private volatile boolean closed;

    private PooledDjlClassifier(Model model, ModelCard card, ClassifierOptions options, Runnable beforeForward,
            OodGate oodGate, LungSegmenter segmenter) {
        this.model = model;
        this.segmenter = segmenter;
        this.focuser = LungFocuser.of(card.preprocessing(), segmenter);
        this.oodGate = oodGate;
        this.temperature = card.temperatureOrOne();
        ModelInputTranslator translator = new ModelInputTranslator(card.outputList());
        this.beforeForward = beforeForward;
        this.card = card;
        this.engine = model.getNDManager().getEngine().getEngineName();
        this.preprocessor = new XrayPreprocessor(card.preprocessing());
        this.maxBatch = options.maxBatchSize();
        this.pool = new ArrayBlockingQueue<>(options.poolSize());
        this.spareBuffers = new ArrayBlockingQueue<>(options.poolSize());
        this.pipeline = ClassificationPipeline.of(this, this, options);
        for (int i = 0; i < options.poolSize(); i++) {
            Predictor<ModelInput, RawOutputs> p = model.newPredictor(translator);
            all.add(p);
            pool.add(p);
        }
    }

    /**
     * Loads a bundle's model with DJL and wraps it. The engine module's {@code customiser} says what its
     * engine needs (thread options, another file layout, a block for DJL-format weights).
     *
     * @param bundle the verified bundle
     * @param options pool and batch options; {@link ClassifierOptions#engineOptions()} are passed to DJL
     * @param engine the DJL engine name, for example {@code OnnxRuntime}
     * @param customiser engine-specific settings applied to the load spec
     * @return the classifier, already checked to output one value per label
     * @throws IOException if files cannot be read
     * @throws ModelException if the engine cannot load the model or its output does not match the labels
     */
    public static PooledDjlClassifier open(ModelBundle bundle, ClassifierOptions options, String engine,
            Consumer<ModelLoadSpec> customiser) throws IOException, ModelException {
        ModelLoadSpec spec = new ModelLoadSpec(engine, bundle, options);
        customiser.accept(spec);
        OodGate gate = OodGate.load(bundle);
        LungSegmenter segmenter = lungSegmenter(bundle);
        Model model = Model.newInstance(bundle.card().name(), spec.engine());
        try {
            if (spec.block() != null) {
                model.setBlock(spec.block());
            }
            model.load(spec.modelDir(), spec.modelName(), spec.options());
        } catch (RuntimeException | IOException | ModelException e) {
            model.close();
            if (segmenter != null) {
                segmenter.close();
            }
            // Engines report corrupt files as runtime errors (EngineException, OrtException wrappers) or as
            // MalformedModelException/IOException without naming the bundle.
            throw new InvalidBundleException(bundle.directory() + ": the " + spec.engine() + " engine cannot load '"
                    + bundle.card().weights() + "' (format " + bundle.card().format().jsonName()
                    + "; corrupt or truncated file?): " + rootMessage(e), e);
        }
        PooledDjlClassifier classifier = new PooledDjlClassifier(model, bundle.card(), options, spec.beforeForward(),
                gate, segmenter);
        try {
            classifier.checkOutputMatchesLabels(bundle);
        } catch (ModelException | RuntimeException e) {
            classifier.close();
            throw e;
        }
        LOG.info("loaded {} {} ({}) on {} with {} predictor(s), batches of up to {}", bundle.card().name(),
                bundle.card().version(), bundle.card().format().jsonName(), classifier.engine, options.poolSize(),
                options.maxBatchSize());
        return classifier;
    }

    /** The bundled lung segmenter when the spec asks for a lung focus, else {@code null}. */
    private static LungSegmenter lungSegmenter(ModelBundle bundle) throws IOException, ModelException {
        LungSegmenter segmenter = LungFocuser.openSegmenter(bundle.card().preprocessing(),
                bundle.directory() + ": '" + bundle.card().name() + "'");
        if (segmenter != null) {
            LOG.info("{}: lung focus {} (margin {}) with {}", bundle.card().name(),
                    bundle.card().preprocessing().lungFocus(), bundle.card().preprocessing().lungMargin(),
                    segmenter.card().name());
        }
        return segmenter;
    }

    /** One forward pass on a blank image: catches a label/output mismatch at load time and warms up. */
    private void checkOutputMatchesLabels(ModelBundle bundle) throws InvalidBundleException {
        float[][] out;
        RawOutputs raw;
        try {
            raw = forward(new ModelInput(new float[card.preprocessing().sampleSize()], 1, preprocessor.sampleShape()));
            out = raw.scores();
        } catch (TranslateException | RuntimeException e) {
            throw new InvalidBundleException(bundle.directory() + ": the model in '" + bundle.card().weights()
                    + "' fails on input of shape (1, "
                    + card.preprocessing().channels() + ", " + card.preprocessing().height() + ", "
                    + card.preprocessing().width() + ") that model.json's preprocessing produces: " + rootMessage(e), e);
        }
        int perImage = out.length == 0 ? 0 : out[0].length;
        PreprocessingSpec spec = card.preprocessing();
        if (card.output() == OutputKind.MASK_LOGITS) {
            if (out.length != 1 || perImage != spec.width() * spec.height()) {
                throw new InvalidBundleException(bundle.directory() + ": a segmentation model must output one logit per"
                        + " input pixel (" + spec.width() + "x" + spec.height() + " = " + spec.width() * spec.height()
                        + " values per image) but outputs " + perImage);
            }
            return;
        }
        if (out.length != 1 || perImage != card.labels().size()) {
            throw new InvalidBundleException(bundle.directory() + ": model.json lists " + card.labels().size()
                    + " labels " + card.labels() + " but the model outputs " + perImage + " values per image"
                    + (out.length != 1 ? " and " + out.length + " rows for 1 image" : ""));
        }
        if (oodGate != null && raw.features()[0].length != oodGate.featureCount()) {
            throw new InvalidBundleException(bundle.directory() + ": the ood statistics are for "
                    + oodGate.featureCount() + " features but the model's pooled features have "
                    + raw.features()[0].length);
        }
        if (raw.maps() != null && raw.maps()[0].length != perImage * raw.mapRows() * raw.mapCols()) {
            throw new InvalidBundleException(bundle.directory() + ": the class activation maps have "
                    + raw.maps()[0].length / Math.max(1, raw.mapRows() * raw.mapCols()) + " channels, expected one"
                    + " per label (" + perImage + ")");
        }
    }

    @Override
    public Prediction classify(XrayImage image) throws TranslateException {
        return classify(List.of(image)).get(0);
    }

    @Override
    public List<Prediction> classify(List<XrayImage> images) throws TranslateException {
        ensureOpen();
        List<Prediction> results = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += maxBatch) {
            List<XrayImage> chunk = images.subList(from, Math.min(images.size(), from + maxBatch));
            results.addAll(classifyPrepared(prepareAll(chunk)));
        }
        return results;
    }

    /**
     * One image made ready for a batch: its model input, where that came from in the image as read, and its OOD
     * input checks (null without a gate). Not API; the pipeline makes these on its decoder threads.
     *
     * @param source the image's name
     * @param chw the preprocessed input, {@link PreprocessingSpec#sampleSize()} floats
     * @param geometry where the input came from in the image as read
     * @param checks the out-of-distribution input checks, or {@code null} without a gate
     */
    public record Prepared(String source, float[] chw, InputGeometry geometry, OodGate.InputChecks checks) {}

    /**
     * A forward pass's outputs next to the inputs that went in, and their out-of-distribution scores (null
     * without a gate).
     */
    private record Chunk(RawOutputs raw, List<Prepared> inputs, double[] oodScores) {}

    @Override
    public Prepared prepare(XrayImage image) throws TranslateException {
        ensureOpen();
        return prepareAll(List.of(image)).get(0);
    }

    /** Lung focus (segmenting the list as one batch when there is one), preprocessing and input checks. */
    private List<Prepared> prepareAll(List<XrayImage> images) throws TranslateException {
        List<LungFocuser.Focused> focused = focuser.focus(images);
        PreprocessingSpec spec = card.preprocessing();
        List<Prepared> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] chw = preprocessor.toChw(focused.get(i).image());
            OodGate.InputChecks checks = oodGate == null ? null : oodGate.checkInput(chw, 0, spec.width(), spec.height());
            prepared.add(new Prepared(images.get(i).source(), chw, focused.get(i).geometry(spec), checks));
        }
        return prepared;
    }

    @Override
    public List<Prediction> classifyPrepared(List<Prepared> prepared) throws TranslateException {
        ensureOpen();
        if (prepared.size() > maxBatch) {
            throw new IllegalArgumentException("at most " + maxBatch + " inputs per batch, got " + prepared.size());
        }
        Chunk out = forwardChunk(prepared);
        List<Prediction> results = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            results.add(prediction(out, i));
        }
        return results;
    }

    /** Copies the inputs into one (reused) batch buffer and runs the forward pass. */
    private Chunk forwardChunk(List<Prepared> inputs) throws TranslateException {
        int n = card.preprocessing().sampleSize();
        float[] buffer = spareBuffers.poll();
        if (buffer == null || buffer.length < inputs.size() * n) {
            buffer = new float[maxBatch * n];
        }
        try {
            for (int i = 0; i < inputs.size(); i++) {
                System.arraycopy(inputs.get(i).chw(), 0, buffer, i * n, n);
            }
            RawOutputs raw = forward(new ModelInput(buffer, inputs.size(), preprocessor.sampleShape()));
            double[] ood = null;
            if (oodGate != null) {
                OodGate.InputChecks[] checks = inputs.stream().map(Prepared::checks).toArray(OodGate.InputChecks[]::new);
                ood = oodGate.scores(raw.features(), checks);
            }
            return new Chunk(raw, inputs, ood);
        } finally {
            spareBuffers.offer(buffer);
        }
    }

    /** Probabilities (temperature applied), then the out-of-distribution score from the same pass. */
    private Prediction prediction(Chunk out, int i) throws TranslateException {
        Prepared input = out.inputs().get(i);
        Prediction p = Prediction.of(card.labels(), toProbabilities(out.raw().scores()[i], input.source()),
                card.operatingPoint());
        if (out.oodScores() == null) {
            return p;
        }
        double score = out.oodScores()[i];
        return p.withOod(score, !(score <= 1.0));
    }

    @Override
    public List<ClassificationOutcome> classifyAll(List<? extends ImageSource> sources) {
        ensureOpen();
        return pipeline.classifyAll(sources);
    }

    @Override
    public void classifyEach(Iterator<? extends ImageSource> sources, Consumer<? super ClassificationOutcome> sink) {
        ensureOpen();
        pipeline.run(sources, sink);
    }

    @Override
    public float[] preprocess(List<XrayImage> images) throws TranslateException {
        ensureOpen();
        List<XrayImage> inputs = focuser.focus(images).stream().map(LungFocuser.Focused::image).toList();
        return preprocessor.toBatch(inputs, null);
    }

    @Override
    public float[][] forwardRaw(float[] nchw, int n) throws TranslateException {
        return forward(new ModelInput(nchw, n, preprocessor.sampleShape())).scores();
    }

    @Override
    public RawOutputs forwardOutputs(float[] nchw, int n) throws TranslateException {
        return forward(new ModelInput(nchw, n, preprocessor.sampleShape()));
    }

    private RawOutputs forward(ModelInput input) throws TranslateException {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Predictor<ModelInput, RawOutputs> predictor;
            try {
                predictor = pool.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TranslateException("interrupted while waiting for a free predictor", e);
            }
            try {
                beforeForward.run();
                RawOutputs out = predictor.predict(input);
                if (out.size() != input.size()) {
                    throw new TranslateException("the model returned " + out.size() + " rows for a batch of "
                            + input.size() + " images");
                }
                return out;
            } finally {
                pool.add(predictor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("classifier for model '" + card.name() + "' is closed");
        }
    }

    private double[] toProbabilities(float[] row, String source) throws TranslateException {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                // A NaN would silently become the argmax label.
                throw new TranslateException(source + ": the model produced a non-finite output "
                        + java.util.Arrays.toString(row));
            }
        }
        if (card.output() == OutputKind.PROBABILITIES) {
            double[] p = new double[row.length];
            for (int i = 0; i < row.length; i++) {
                p[i] = row[i];
            }
            return p;
        }
        return Softmax.of(row, temperature);
    }

    @Override
    public int openNDArrays() {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return model.getNDManager().getManagedArrays().size();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Explanation explain(XrayImage image) throws TranslateException {
        return explain(image, card.has(ModelOutput.CLASS_ACTIVATION_MAPS) ? ExplanationMethod.CAM
                : ExplanationMethod.OCCLUSION);
    }

    @Override
    public Explanation explain(XrayImage image, ExplanationMethod method) throws TranslateException {
        return explain(List.of(image), method).get(0);
    }

    @Override
    public List<Explanation> explain(List<XrayImage> images, ExplanationMethod method) throws TranslateException {
        if (method == ExplanationMethod.OCCLUSION) {
            List<Explanation> results = new ArrayList<>(images.size());
            for (XrayImage image : images) {
                results.add(OcclusionExplainer.standard().explain(this, image));
            }
            return results;
        }
        if (!card.has(ModelOutput.CLASS_ACTIVATION_MAPS)) {
            throw new UnsupportedOperationException("model '" + card.name() + "' has no class activation maps"
                    + " (model.json outputs: " + card.outputList() + "); re-export it with covid-xray export, or"
                    + " use occlusion");
        }
        ensureOpen();
        List<Explanation> results = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += maxBatch) {
            List<XrayImage> chunk = images.subList(from, Math.min(images.size(), from + maxBatch));
            Chunk out = forwardChunk(prepareAll(chunk));
            for (int i = 0; i < out.raw().size(); i++) {
                Prediction p = prediction(out, i);
                int label = card.indexOf(p.label());
                results.add(new Explanation(p, p.label(), ExplanationMethod.CAM, camHeatmap(out.raw(), i, label,
                        out.inputs().get(i).geometry())));
            }
        }
        return results;
    }

    /** The class's map, ReLU'd (only evidence for the class), laid over the image as read. */
    private Heatmap camHeatmap(RawOutputs out, int item, int label, InputGeometry geometry) {
        int cells = out.mapRows() * out.mapCols();
        float[] map = java.util.Arrays.copyOfRange(out.maps()[item], label * cells, (label + 1) * cells);
        for (int i = 0; i < map.length; i++) {
            map[i] = Float.isFinite(map[i]) ? Math.max(0f, map[i]) : 0f;
        }
        PreprocessingSpec spec = card.preprocessing();
        float[] grid = geometry.toImageGrid(map, out.mapRows(), out.mapCols(), spec.width(), spec.height(),
                CAM_CELLS, CAM_CELLS);
        return new Heatmap(CAM_CELLS, CAM_CELLS, grid);
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
            if (segmenter != null) {
                LOG.info("{}: lung focus {}: {}", card.name(), card.preprocessing().lungFocus(), focuser.stats());
                segmenter.close();
            }
            LOG.debug("closed {} on {}", card.name(), engine);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** The engine's message, plus the innermost cause's when it says something else (OrtException, c10 errors). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        String inner = oneLine(root.getMessage() == null ? root.toString() : root.getMessage());
        return root == e || outer.contains(inner) ? outer : outer + " (" + inner + ")";
    }

    /** On one line (engines spread the useful part, such as expected vs found sizes, over several). */
    private static String oneLine(String s) {
        String one = s.replaceAll("\\s*\\R\\s*", "; ").strip();
        return one.length() <= 400 ? one : one.substring(0, 400) + "...";
    }
}
