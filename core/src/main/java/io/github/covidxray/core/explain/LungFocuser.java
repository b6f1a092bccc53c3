package io.github.covidxray.core.explain;

import ai.djl.ModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.InputGeometry;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.PreprocessingSpec.LungFocus;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a {@link PreprocessingSpec}'s {@link LungFocus} to images as read: the one place where an image is
 * cropped to its lungs or blanked outside them, for the classifier (classification, explanation, calibration)
 * and for training (before augmentation). It lives beside {@link Blanking} because blanking outside the lungs
 * is the same operation as the {@code border-hidden} control with a {@link LungRegion}.
 *
 * <p>A mask the segmenter flags as implausible ({@link LungMask#flagged()}) leaves the image whole; such
 * images are counted in {@link #stats()}, with the time spent segmenting, so the cost of the focus stays visible.
 * Thread-safe when the segmenter is; does not own (or close) the segmenter.
 */
public final class LungFocuser {

    private final PreprocessingSpec spec;
    private final LungSegmenter segmenter;
    private final AtomicLong images = new AtomicLong();
    private final AtomicLong fellBack = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    private LungFocuser(PreprocessingSpec spec, LungSegmenter segmenter) {
        this.spec = spec;
        this.segmenter = segmenter;
    }

    /**
     * @param spec the preprocessing whose {@link PreprocessingSpec#lungFocus()} and margin to apply
     * @param segmenter finds the lungs; may be {@code null} only when the spec's focus is {@link LungFocus#NONE}
     * @return the focuser
     * @throws IllegalArgumentException if the spec asks for a focus and there is no segmenter
     */
    public static LungFocuser of(PreprocessingSpec spec, LungSegmenter segmenter) {
        Objects.requireNonNull(spec, "spec");
        if (spec.lungFocus() != LungFocus.NONE && segmenter == null) {
            throw new IllegalArgumentException("lung focus " + spec.lungFocus() + " needs a lung segmenter");
        }
        return new LungFocuser(spec, segmenter);
    }

    /**
     * Opens the bundled lung segmenter a spec's lung focus needs: the one way a classifier and a trainer get it.
     *
     * @param spec the preprocessing
     * @param owner who needs it, for the error message (a model name, "training")
     * @return the segmenter (the caller closes it), or {@code null} when the spec has no lung focus
     * @throws ModelNotFoundException if {@code covid-xray-models} is not on the class path, naming it
     * @throws IOException if the bundle cannot be read
     * @throws ModelException if the engine cannot load it
     */
    public static LungSegmenter openSegmenter(PreprocessingSpec spec, String owner) throws IOException, ModelException {
        if (spec.lungFocus() == LungFocus.NONE) {
            return null;
        }
        if (!LungSegmenter.hasDefaultModel()) {
            throw new ModelNotFoundException(owner + " uses lung focus " + spec.lungFocus() + " and needs the bundled"
                    + " lung segmenter, which is not on the class path: add the Maven dependency"
                    + " io.github.covidxray:covid-xray-models");
        }
        return LungSegmenter.loadDefault();
    }

    /**
     * An image after the lung focus, and where it sits in the image as read.
     *
     * @param image what the rest of the preprocessing sees (the image itself for {@link LungFocus#NONE})
     * @param x the left edge of {@code image} in the image as read (non-zero only for a crop)
     * @param y its top edge
     * @param sourceWidth the width of the image as read
     * @param sourceHeight its height
     * @param fellBack whether the mask was flagged, so the image was left whole
     */
    public record Focused(XrayImage image, int x, int y, int sourceWidth, int sourceHeight, boolean fellBack) {

        /**
         * @param spec the preprocessing that turns {@link #image()} into model input
         * @return where the model input comes from, in the coordinates of the image as read (so heatmaps over the
         *     input map back onto the image as read)
         */
        public InputGeometry geometry(PreprocessingSpec spec) {
            return InputGeometry.of(spec, image.width(), image.height()).within(x, y, sourceWidth, sourceHeight);
        }
    }

    /**
     * What the focus has cost so far.
     *
     * @param images images focused
     * @param fellBack images left whole because their mask was flagged
     * @param segmentationSeconds wall time spent in the segmenter
     */
    public record Stats(long images, long fellBack, double segmentationSeconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d images, %d left whole (mask flagged), segmentation %.1f ms per image",
                    images, fellBack, images == 0 ? 0.0 : 1000 * segmentationSeconds / images);
        }
    }

    /** @return the spec applied */
    public PreprocessingSpec spec() {
        return spec;
    }

    /** @return whether the spec asks for any focus (else {@link #focus} only wraps) */
    public boolean active() {
        return spec.lungFocus() != LungFocus.NONE;
    }

    /** @return the counts and time so far */
    public Stats stats() {
        return new Stats(images.get(), fellBack.get(), nanos.get() / 1e9);
    }

    /**
     * @param image an image as read
     * @return it after the focus
     * @throws TranslateException if the segmenter fails
     */
    public Focused focus(XrayImage image) throws TranslateException {
        return focus(List.of(image)).get(0);
    }

    /**
     * @param batch images as read (segmented in one batch)
     * @return them after the focus, in order
     * @throws TranslateException if the segmenter fails
     */
    public List<Focused> focus(List<XrayImage> batch) throws TranslateException {
        List<Focused> out = new ArrayList<>(batch.size());
        if (!active()) {
            batch.forEach(i -> out.add(new Focused(i, 0, 0, i.width(), i.height(), false)));
            return out;
        }
        long start = System.nanoTime();
        List<LungMask> masks = segmenter.segment(batch);
        nanos.addAndGet(System.nanoTime() - start);
        for (int i = 0; i < batch.size(); i++) {
            Focused f = apply(batch.get(i), masks.get(i), spec);
            if (f.fellBack()) {
                fellBack.incrementAndGet();
            }
            out.add(f);
        }
        images.addAndGet(batch.size());
        return out;
    }

    /**
     * The focus itself, given the mask (no model involved).
     *
     * @param image an image as read
     * @param mask its lung mask, same size
     * @param spec the focus, margin and target aspect ratio
     * @return the focused image
     * @throws IllegalArgumentException if the mask's size differs from the image's
     */
    public static Focused apply(XrayImage image, LungMask mask, PreprocessingSpec spec) {
        int w = image.width();
        int h = image.height();
        if (mask.width() != w || mask.height() != h) {
            throw new IllegalArgumentException(mask.width() + "x" + mask.height() + " mask for a " + w + "x" + h
                    + " image (" + image.source() + ")");
        }
        if (spec.lungFocus() == LungFocus.NONE) {
            return new Focused(image, 0, 0, w, h, false);
        }
        if (mask.flagged() || mask.boundingBox().isEmpty()) {
            return new Focused(image, 0, 0, w, h, true);
        }
        int margin = mask.marginPixels(spec.lungMargin());
        if (spec.lungFocus() == LungFocus.BLANK) {
            return new Focused(Blanking.blank(image, mask.dilated(margin), false, Blanking.meanValue(image)), 0, 0,
                    w, h, false);
        }
        LungMask.Box b = mask.boundingBox().get();
        int[] xs = widen(b.x() - margin, b.x() + b.width() + margin, w);
        int[] ys = widen(b.y() - margin, b.y() + b.height() + margin, h);
        // Widen the shorter side to the model's aspect ratio so a centre crop afterwards cuts no lung.
        double aspect = spec.width() / (double) spec.height();
        int cw = xs[1] - xs[0];
        int ch = ys[1] - ys[0];
        if (cw < ch * aspect) {
            int want = (int) Math.round(ch * aspect);
            xs = widen(xs[0] - (want - cw) / 2, xs[0] - (want - cw) / 2 + want, w);
        } else {
            int want = (int) Math.round(cw / aspect);
            ys = widen(ys[0] - (want - ch) / 2, ys[0] - (want - ch) / 2 + want, h);
        }
        return new Focused(image.crop(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]), xs[0], ys[0], w, h, false);
    }

    /** {@code [from, to)} shifted to lie inside {@code [0, size)}, clipped if longer. */
    private static int[] widen(int from, int to, int size) {
        if (from < 0) {
            to -= from;
            from = 0;
        }
        if (to > size) {
            from = Math.max(0, from - (to - size));
            to = size;
        }
        return new int[] {from, to};
    }
}
