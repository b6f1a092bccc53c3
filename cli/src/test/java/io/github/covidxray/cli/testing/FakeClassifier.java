package io.github.covidxray.cli.testing;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OperatingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CovidClassifier} for tests: probabilities are a deterministic function of the image's mean
 * intensity (softmax of {@code 4m, 4(1-m), 1} for covid, normal, pneumonia), so answers can be checked
 * against direct calls. Optional behaviour: block every call until {@link #release()}; throw an
 * {@link Error} (a simulated crash) or interrupt the calling thread once a number of images is reached;
 * fail like an engine on calls including a marked image.
 * Thread-safe.
 */
public final class FakeClassifier implements CovidClassifier {

    /** The labels, in output order. */
    public static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    private final ModelCard card;
    private final CountDownLatch gate;
    private final int crashAfter;
    private final int interruptAfter;
    private final String poison;
    private volatile String oodMarker;
    private final AtomicInteger images = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger largestBatch = new AtomicInteger();

    private FakeClassifier(boolean blocking, int crashAfter, int interruptAfter) {
        this(blocking, crashAfter, interruptAfter, null, PreprocessingSpec.imagenet(224));
    }

    private FakeClassifier(boolean blocking, int crashAfter, int interruptAfter, String poison,
            PreprocessingSpec spec) {
        this.card = ModelCard.builder().setName("fake-mean").setArchitecture("mean-intensity").setLabels(LABELS)
                .setPreprocessing(spec).setWeights(ModelFormat.ONNX, "none.onnx")
                .optVersion("9.9.9")
                .optOperatingPoint(new OperatingPoint("covid", 0.4, 0.95, Double.NaN, Double.NaN)).build();
        this.gate = new CountDownLatch(blocking ? 1 : 0);
        this.crashAfter = crashAfter;
        this.interruptAfter = interruptAfter;
        this.poison = poison;
    }

    /** @return a classifier answering at once */
    public static FakeClassifier instant() {
        return new FakeClassifier(false, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** @return a classifier whose calls block until {@link #release()} */
    public static FakeClassifier blocking() {
        return new FakeClassifier(true, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** @param n images classified before the crash @return a classifier that throws an Error after n images */
    public static FakeClassifier crashingAfter(int n) {
        return new FakeClassifier(false, n, Integer.MAX_VALUE);
    }

    /** @param n images @return a classifier that interrupts its caller once n images are classified */
    public static FakeClassifier interruptingAfter(int n) {
        return new FakeClassifier(false, Integer.MAX_VALUE, n);
    }

    /**
     * @param marker a text in image sources
     * @return a classifier whose engine fails on any call that includes an image whose source contains it
     */
    public static FakeClassifier failingOn(String marker) {
        return new FakeClassifier(false, Integer.MAX_VALUE, Integer.MAX_VALUE, marker, PreprocessingSpec.imagenet(224));
    }

    /**
     * @param spec the preprocessing the card declares (for example a DICOM intensity mapping)
     * @return a classifier answering at once, whose card carries that spec
     */
    public static FakeClassifier withPreprocessing(PreprocessingSpec spec) {
        return new FakeClassifier(false, Integer.MAX_VALUE, Integer.MAX_VALUE, null, spec);
    }

    /**
     * Makes later predictions carry an out-of-distribution result: flagged (score 9) for images whose source
     * contains {@code marker}, not flagged (score 0.5) for the rest; a stand-in for a model's OOD statistics.
     *
     * @param marker a text in image sources
     * @return this classifier
     */
    public FakeClassifier flaggingOod(String marker) {
        this.oodMarker = marker;
        return this;
    }

    /** Lets blocked and future calls proceed. */
    public void release() {
        gate.countDown();
    }

    /** @return the most images handed to the model in one call so far */
    public int largestBatch() {
        return largestBatch.get();
    }

    /** @return calls blocked in {@link #classify} right now */
    public int waiting() {
        return waiting.get();
    }

    /**
     * The answer for an image, computed without any of the optional behaviour.
     *
     * @param image the image
     * @return the prediction
     */
    public Prediction expected(XrayImage image) {
        int[] px = image.toIntArray();
        double sum = 0;
        for (int v : px) {
            sum += v;
        }
        double m = sum / px.length / image.maxValue();
        double[] z = {4 * m, 4 * (1 - m), 1};
        double total = 0;
        for (double v : z) {
            total += Math.exp(v);
        }
        float[] probs = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            probs[i] = (float) (Math.exp(z[i]) / total);
        }
        return Prediction.of(LABELS, probs, card.operatingPoint());
    }

    @Override
    public Prediction classify(XrayImage image) throws TranslateException {
        return classify(List.of(image)).get(0);
    }

    @Override
    public List<Prediction> classify(List<XrayImage> batch) throws TranslateException {
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        waiting.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TranslateException("interrupted", e);
        } finally {
            waiting.decrementAndGet();
        }
        if (poison != null && batch.stream().anyMatch(image -> image.source().contains(poison))) {
            throw new TranslateException("engine failure on a batch of " + batch.size());
        }
        List<Prediction> out = new ArrayList<>();
        for (XrayImage image : batch) {
            int n = images.incrementAndGet();
            if (n > crashAfter) {
                throw new SimulatedCrash("simulated crash at image " + n);
            }
            Prediction p = expected(image);
            String marker = oodMarker;
            out.add(marker == null ? p : image.source().contains(marker) ? p.withOod(9.0, true) : p.withOod(0.5, false));
            if (n == interruptAfter) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String engine() {
        return "Fake";
    }

    @Override
    public void close() {}

    /** Stands for the process dying mid-run: not an Exception, so nothing on the way catches it. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** Occlusion, like any bundle without activation maps. */
    @Override
    public io.github.covidxray.core.Explanation explain(XrayImage image) throws TranslateException {
        return explain(image, io.github.covidxray.core.ExplanationMethod.OCCLUSION);
    }

    @Override
    public io.github.covidxray.core.Explanation explain(XrayImage image, io.github.covidxray.core.ExplanationMethod method)
            throws TranslateException {
        if (method != io.github.covidxray.core.ExplanationMethod.OCCLUSION) {
            throw new UnsupportedOperationException("the fake classifier has no class activation maps");
        }
        return io.github.covidxray.core.explain.OcclusionExplainer.standard().explain(this, image);
    }
}
