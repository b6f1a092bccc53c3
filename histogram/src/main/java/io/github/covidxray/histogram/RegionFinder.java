package io.github.covidxray.histogram;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import java.util.Locale;
import java.util.Objects;

/**
 * Chooses the region to count in each image separately, for regions that depend on the image's content
 * (its lungs). Implementations must be thread-safe: datasets are analysed on several threads.
 */
@FunctionalInterface
public interface RegionFinder {

    /**
     * @param image the image
     * @return the region of that image
     * @throws InvalidImageException if no trustworthy region can be found; the image is then skipped
     */
    Region find(XrayImage image) throws InvalidImageException;

    /**
     * The lungs as a segmenter finds them. Masks the segmenter flags as implausible
     * ({@link LungMask#flagged()}) are not used: the image is skipped with the reasons, rather than analysed
     * over a wrong region.
     *
     * @param segmenter a thread-safe segmenter; the caller closes it after the analysis
     * @return the finder
     */
    static RegionFinder lungs(LungSegmenter segmenter) {
        Objects.requireNonNull(segmenter, "segmenter");
        return image -> {
            LungMask mask;
            try {
                mask = segmenter.segment(image);
            } catch (TranslateException e) {
                throw new InvalidImageException(image.source(), "lung segmentation failed: " + e.getMessage(), e);
            }
            if (mask.flagged()) {
                throw new InvalidImageException(image.source(), String.format(Locale.ROOT,
                        "lung mask implausible (quality %.2f: %s), image left out", mask.quality(),
                        String.join("; ", mask.issues())));
            }
            boolean[] inside = mask.toBooleanArray();
            byte[] bytes = new byte[inside.length];
            for (int i = 0; i < inside.length; i++) {
                bytes[i] = inside[i] ? (byte) 1 : 0;
            }
            return Region.ofMask(mask.width(), mask.height(), bytes);
        };
    }
}
