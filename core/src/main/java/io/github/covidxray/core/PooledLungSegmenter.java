package io.github.covidxray.core;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.OutputKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link LungSegmenter} of every engine: the model runs through the same pooled DJL machinery as the
 * classifier ({@link Backends}, the backend's raw outputs through {@link ClassifierDiagnostics#forwardRaw}), and
 * this class maps the per-pixel logits back to each image. Not API. Thread-safe (the pooled model is; the rest is per call).
 */
final class PooledLungSegmenter implements LungSegmenter {

    private final CovidClassifier model;
    private final ClassifierDiagnostics raw;
    private final XrayPreprocessor preprocessor;
    private final int maxBatch;

    private PooledLungSegmenter(CovidClassifier model, int maxBatch) {
        this.model = model;
        this.raw = (ClassifierDiagnostics) model;
        this.preprocessor = new XrayPreprocessor(model.card().preprocessing());
        this.maxBatch = maxBatch;
    }

    /**
     * @param bundle a verified bundle
     * @param options engine and pool options
     * @return the segmenter
     * @throws InvalidBundleException if the bundle is not a segmentation bundle
     * @throws IOException if files cannot be read
     * @throws ModelException if no engine can run it
     */
    static PooledLungSegmenter open(ModelBundle bundle, ClassifierOptions options)
            throws IOException, ModelException {
        if (bundle.card().output() != OutputKind.MASK_LOGITS) {
            throw new InvalidBundleException(bundle.directory() + ": '" + bundle.card().name() + "' outputs "
                    + bundle.card().output().jsonName() + ", not a mask (mask_logits): it is not a segmentation model");
        }
        CovidClassifier opened = Backends.open(bundle, options);
        if (!(opened instanceof ClassifierDiagnostics)) {
            opened.close();
            throw new InvalidBundleException(bundle.directory() + ": the " + opened.engine()
                    + " backend gives no raw outputs, so it cannot run a segmentation model");
        }
        return new PooledLungSegmenter(opened, options.maxBatchSize());
    }

    @Override
    public LungMask segment(XrayImage image) throws TranslateException {
        return segment(List.of(image)).get(0);
    }

    @Override
    public List<LungMask> segment(List<XrayImage> images) throws TranslateException {
        PreprocessingSpec spec = preprocessor.spec();
        List<LungMask> masks = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += maxBatch) {
            List<XrayImage> chunk = images.subList(from, Math.min(images.size(), from + maxBatch));
            float[][] logits = raw.forwardRaw(preprocessor.toBatch(chunk, null), chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                masks.add(toImageMask(chunk.get(i), logits[i], spec));
            }
        }
        return masks;
    }

    /**
     * Brings the input-resolution logits back to the image: every image pixel centre is mapped into the input,
     * the logits there are interpolated bilinearly (clamped to the filled rectangle, so padding never leaks in),
     * and a positive value is inside.
     */
    static LungMask toImageMask(XrayImage image, float[] logits, PreprocessingSpec spec) throws TranslateException {
        for (float v : logits) {
            if (!Float.isFinite(v)) {
                throw new TranslateException(image.source() + ": the segmentation model produced a non-finite output");
            }
        }
        int w = image.width();
        int h = image.height();
        int inW = spec.width();
        InputGeometry at = InputGeometry.of(spec, w, h);
        double minX = at.contentX();
        double maxX = at.contentX() + at.contentW() - 1;
        double minY = at.contentY();
        double maxY = at.contentY() + at.contentH() - 1;
        int[] x0 = new int[w];
        float[] fx = new float[w];
        boolean[] columnInside = new boolean[w];
        for (int x = 0; x < w; x++) {
            columnInside[x] = x + 0.5 >= at.regionX() && x + 0.5 <= at.regionX() + at.regionW();
            double u = Math.max(minX, Math.min(maxX, at.toInputX(x + 0.5) - 0.5));
            x0[x] = (int) Math.min(Math.floor(u), maxX - 1 < minX ? minX : maxX - 1);
            fx[x] = (float) Math.min(1, u - x0[x]);
        }
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            if (y + 0.5 < at.regionY() || y + 0.5 > at.regionY() + at.regionH()) {
                continue; // cropped away: the model never saw it
            }
            double v = Math.max(minY, Math.min(maxY, at.toInputY(y + 0.5) - 0.5));
            int y0 = (int) Math.min(Math.floor(v), maxY - 1 < minY ? minY : maxY - 1);
            float fy = (float) Math.min(1, v - y0);
            int y1 = Math.min(y0 + 1, (int) maxY);
            int row0 = y0 * inW;
            int row1 = y1 * inW;
            for (int x = 0; x < w; x++) {
                if (!columnInside[x]) {
                    continue;
                }
                int a = x0[x];
                int b = Math.min(a + 1, (int) maxX);
                float top = logits[row0 + a] + fx[x] * (logits[row0 + b] - logits[row0 + a]);
                float bottom = logits[row1 + a] + fx[x] * (logits[row1 + b] - logits[row1 + a]);
                inside[y * w + x] = top + fy * (bottom - top) > 0;
            }
        }
        return LungMask.of(w, h, inside, image.source());
    }

    @Override
    public ModelCard card() {
        return model.card();
    }

    @Override
    public String engine() {
        return model.engine();
    }

    @Override
    public void close() {
        model.close();
    }
}
