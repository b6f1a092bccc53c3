package io.github.covidxray.core.explain;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lungs of each image, found by a {@link LungSegmenter}, as an {@link ImageRegion}: the per-image mask in the
 * image's own coordinates, optionally grown by a margin ({@link LungMask#dilated}). Where the segmenter flags a
 * mask as implausible ({@link LungMask#flagged()}) the image gets the fixed {@link ImageRegion#centralLungField()}
 * instead, and is counted ({@link #fellBack()}), so a report can say how many images the box stood in for.
 *
 * <p>Thread-safe when the segmenter is (the bundled one is). Does not own the segmenter: closing it is the
 * caller's business.
 */
public final class LungRegion implements ImageRegion {

    private static final ImageRegion FALLBACK = ImageRegion.centralLungField();

    private final LungSegmenter segmenter;
    private final double margin;
    private final AtomicLong masks = new AtomicLong();
    private final AtomicLong fellBack = new AtomicLong();

    private LungRegion(LungSegmenter segmenter, double margin) {
        this.segmenter = segmenter;
        this.margin = margin;
    }

    /**
     * @param segmenter finds the lungs (not closed by this region)
     * @param margin growth of each mask, as a fraction of the larger side of its bounding box, in [0, 1]
     * @return the region
     */
    public static LungRegion of(LungSegmenter segmenter, double margin) {
        Objects.requireNonNull(segmenter, "segmenter");
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1], got " + margin);
        }
        return new LungRegion(segmenter, margin);
    }

    /**
     * @throws IllegalStateException if the segmenter fails on the image (its cause is the engine's error)
     */
    @Override
    public boolean[] mask(XrayImage image) {
        LungMask mask;
        try {
            mask = segmenter.segment(image);
        } catch (TranslateException e) {
            throw new IllegalStateException(image.source() + ": lung segmentation failed: " + e.getMessage(), e);
        }
        return mask(image, mask);
    }

    /**
     * The region for an image whose mask is already known (no model call).
     *
     * @param image the image
     * @param mask its lung mask, same size
     * @return the dilated mask, or the central lung field when the mask is flagged
     */
    public boolean[] mask(XrayImage image, LungMask mask) {
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException(mask.width() + "x" + mask.height() + " mask for a " + image.width()
                    + "x" + image.height() + " image (" + image.source() + ")");
        }
        masks.incrementAndGet();
        if (mask.flagged()) {
            fellBack.incrementAndGet();
            return FALLBACK.mask(image);
        }
        return mask.dilated(mask.marginPixels(margin));
    }

    /** @return masks computed so far */
    public long masks() {
        return masks.get();
    }

    /** @return of those, how many were flagged, so the central lung field stood in */
    public long fellBack() {
        return fellBack.get();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "lungs by segmentation mask, margin %.0f%% (flagged masks: the central box)",
                100 * margin);
    }
}
