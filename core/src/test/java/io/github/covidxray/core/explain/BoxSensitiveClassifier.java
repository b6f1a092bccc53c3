package io.github.covidxray.core.explain;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A classifier whose covid logit is the mean brightness inside one box of the image, so
 * only that box matters: a correct explanation must point at it. Records call sizes. Thread-safe.
 */
final class BoxSensitiveClassifier implements CovidClassifier {

    static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    private final double left;
    private final double top;
    private final double right;
    private final double bottom;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger largestBatch = new AtomicInteger();

    /** The box in fractions of the image. */
    BoxSensitiveClassifier(double left, double top, double right, double bottom) {
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
    }

    @Override
    public Prediction classify(XrayImage image) {
        return classify(List.of(image)).get(0);
    }

    @Override
    public List<Prediction> classify(List<XrayImage> images) {
        calls.incrementAndGet();
        largestBatch.accumulateAndGet(images.size(), Math::max);
        List<Prediction> out = new ArrayList<>();
        for (XrayImage image : images) {
            double inBox = 0;
            int n = 0;
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    double v = image.pixel(x, y) / (double) image.maxValue();
                    if (x >= left * image.width() && x < right * image.width() && y >= top * image.height()
                            && y < bottom * image.height()) {
                        inBox += v;
                        n++;
                    }
                }
            }
            double z = 8 * (inBox / n - 0.5);
            double[] e = {Math.exp(z), 1, Math.exp(-1)};
            double s = e[0] + e[1] + e[2];
            out.add(Prediction.of(LABELS, new double[] {e[0] / s, e[1] / s, e[2] / s}, null));
        }
        return out;
    }

    @Override
    public Explanation explain(XrayImage image) throws ai.djl.translate.TranslateException {
        return explain(image, ExplanationMethod.OCCLUSION);
    }

    @Override
    public Explanation explain(XrayImage image, ExplanationMethod method) throws ai.djl.translate.TranslateException {
        return OcclusionExplainer.standard().explain(this, image);
    }

    @Override
    public ModelCard card() {
        return ModelCard.builder().setName("box").setArchitecture("box").setLabels(LABELS)
                .setPreprocessing(PreprocessingSpec.imagenet(32)).setWeights(ModelFormat.ONNX, "none.onnx").build();
    }

    @Override
    public String engine() {
        return "Test";
    }

    @Override
    public void close() {}

    /** A dark image with a bright square exactly where the classifier looks. */
    static XrayImage imageWithBrightBox(int w, int h, double left, double top, double right, double bottom) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= left * w && x < right * w && y >= top * h && y < bottom * h;
                px[y * w + x] = (byte) (in ? 220 : 40 + (x * 7 + y * 3) % 30);
            }
        }
        return XrayImage.ofGray8(w, h, px, "box.png");
    }
}
