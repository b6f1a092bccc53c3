package io.github.covidxray.core.eval;

/**
 * Overlap of two binary masks of the same size: Dice {@code 2|A∩B| / (|A| + |B|)} and IoU
 * {@code |A∩B| / |A∪B|}. Two empty masks agree perfectly (1). Stateless.
 *
 * @param intersection pixels inside both
 * @param sizeA pixels inside the first
 * @param sizeB pixels inside the second
 */
public record MaskOverlap(long intersection, long sizeA, long sizeB) {

    /**
     * @param a a mask, row-major
     * @param b another of the same length
     * @return their overlap
     * @throws IllegalArgumentException if the lengths differ
     */
    public static MaskOverlap of(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks differ in size: " + a.length + " and " + b.length + " pixels");
        }
        long both = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                na++;
                if (b[i]) {
                    both++;
                }
            }
            if (b[i]) {
                nb++;
            }
        }
        return new MaskOverlap(both, na, nb);
    }

    /** @return the Dice coefficient in [0, 1] */
    public double dice() {
        return sizeA + sizeB == 0 ? 1.0 : 2.0 * intersection / (sizeA + sizeB);
    }

    /** @return the intersection over union (Jaccard index) in [0, 1] */
    public double iou() {
        long union = sizeA + sizeB - intersection;
        return union == 0 ? 1.0 : (double) intersection / union;
    }
}
