package io.github.covidxray.training.segmentation;

import io.github.covidxray.augment.AffineParams;
import io.github.covidxray.augment.Border;
import io.github.covidxray.augment.Geometry;
import io.github.covidxray.augment.Intensity;
import io.github.covidxray.augment.Interpolation;
import io.github.covidxray.augment.WarpOptions;
import java.util.random.RandomGenerator;

/**
 * Augments an X-ray and its mask together: one random affine transform (rotation, zoom, shift) warps both,
 * the image bilinearly and the mask with nearest neighbour so it stays binary; brightness and contrast
 * change the image only. Uses {@code covid-xray-augment}'s {@link Geometry} and {@link Intensity}. No
 * flips: a mirrored chest is not a chest. Immutable and thread-safe.
 *
 * @param maxRotationDegrees rotation drawn uniformly in {@code [-max, max]}
 * @param maxZoom zoom drawn in {@code [1 - max, 1 + max]}
 * @param maxShift shift drawn in {@code [-max, max]} of the width and height
 * @param maxBrightness brightness change drawn in {@code [-max, max]} of the range, on half the samples
 * @param maxContrast contrast factor drawn in {@code [1 - max, 1 + max]}, on half the samples
 */
public record MaskAugmentation(double maxRotationDegrees, double maxZoom, double maxShift, double maxBrightness,
        double maxContrast) {

    /** Rotation 10 degrees, zoom and shift 10 %, brightness and contrast 10 %: the classifier's conservative preset. */
    public static final MaskAugmentation CONSERVATIVE = new MaskAugmentation(10, 0.1, 0.1, 0.1, 0.1);

    /** Leaves samples unchanged. */
    public static final MaskAugmentation NONE = new MaskAugmentation(0, 0, 0, 0, 0);

    private static final WarpOptions IMAGE_WARP = WarpOptions.builder().optInterpolation(Interpolation.BILINEAR)
            .optBorder(Border.CONSTANT).build();
    private static final WarpOptions MASK_WARP = WarpOptions.builder().optInterpolation(Interpolation.NEAREST)
            .optBorder(Border.CONSTANT).build();

    /** Rejects negative ranges and zooms that could reach zero. */
    public MaskAugmentation {
        if (maxRotationDegrees < 0 || maxZoom < 0 || maxZoom >= 1 || maxShift < 0 || maxBrightness < 0
                || maxContrast < 0 || maxContrast >= 1) {
            throw new IllegalArgumentException("augmentation ranges must be >= 0 (zoom and contrast < 1)");
        }
    }

    /**
     * @param sample the sample
     * @param random the randomness for this sample (use no other)
     * @return the augmented sample (the same object when nothing is drawn)
     */
    public SegmentationSample apply(SegmentationSample sample, RandomGenerator random) {
        if (equals(NONE)) {
            return sample;
        }
        AffineParams params = new AffineParams(symmetric(random, maxRotationDegrees), symmetric(random, maxShift),
                symmetric(random, maxShift), 1 + symmetric(random, maxZoom), 0, 0);
        var image = Geometry.affine(sample.image(), params, IMAGE_WARP);
        var mask = Geometry.affine(sample.mask(), params, MASK_WARP);
        if (maxBrightness > 0 && random.nextBoolean()) {
            image = Intensity.brightness(image, symmetric(random, maxBrightness));
        }
        if (maxContrast > 0 && random.nextBoolean()) {
            image = Intensity.contrast(image, 1 + symmetric(random, maxContrast));
        }
        return new SegmentationSample(image, mask, sample.patientId());
    }

    private static double symmetric(RandomGenerator random, double max) {
        return max == 0 ? 0 : random.nextDouble(-max, max);
    }
}
