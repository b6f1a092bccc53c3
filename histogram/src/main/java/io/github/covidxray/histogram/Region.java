package io.github.covidxray.histogram;

import java.util.Arrays;

/**
 * Which pixels of an image a histogram counts: the whole image, the inside of a border, the image without
 * its corners (where scanners burn in text and markers), an explicit mask, or a combination.
 *
 * <p>A region is independent of the image size until {@link #resolve(int, int)} turns it into row spans
 * for one size. Border and corner sizes are fractions of the image side so that one region fits
 * images of any size. Instances are immutable and thread-safe.
 */
public final class Region {

    private static final Region WHOLE = new Region(0, 0, null, 0, 0);

    private final double borderFraction;
    private final double cornerFraction;
    private final byte[] mask;
    private final int maskWidth;
    private final int maskHeight;

    private Region(double borderFraction, double cornerFraction, byte[] mask, int maskWidth, int maskHeight) {
        this.borderFraction = borderFraction;
        this.cornerFraction = cornerFraction;
        this.mask = mask;
        this.maskWidth = maskWidth;
        this.maskHeight = maskHeight;
    }

    /** @return the region of every pixel */
    public static Region whole() {
        return WHOLE;
    }

    /**
     * The inside of the image, leaving out a border on all four sides.
     *
     * @param fraction the border width as a fraction of each side, {@code 0 <= fraction < 0.5}; for example
     *     0.05 leaves out 5% of the width at the left and at the right and 5% of the height at top and bottom
     * @return the region
     * @throws IllegalArgumentException if the fraction is out of range
     */
    public static Region insideBorder(double fraction) {
        checkFraction("border fraction", fraction, 0.5);
        return new Region(fraction, 0, null, 0, 0);
    }

    /**
     * An explicit mask: pixels whose mask byte is non-zero are counted. The mask is copied.
     *
     * @param width mask width; it must equal the width of the images it is used with
     * @param height mask height; it must equal the height of the images it is used with
     * @param mask {@code width * height} bytes, row-major
     * @return the region
     * @throws IllegalArgumentException if the sizes do not match
     */
    public static Region ofMask(int width, int height, byte[] mask) {
        if (width < 1 || height < 1 || (long) width * height != mask.length) {
            throw new IllegalArgumentException("mask: expected " + ((long) width * height) + " bytes for "
                    + width + "x" + height + ", found " + mask.length);
        }
        return new Region(0, 0, mask.clone(), width, height);
    }

    /**
     * This region without its four corners: squares whose side is {@code fraction} of the image's shorter
     * side, where radiographs typically carry burnt-in text, side markers and scanner labels.
     *
     * @param fraction the corner square side as a fraction of the shorter image side, {@code 0 <= f < 0.5}
     * @return a new region
     * @throws IllegalArgumentException if the fraction is out of range
     */
    public Region withoutCorners(double fraction) {
        checkFraction("corner fraction", fraction, 0.5);
        return new Region(borderFraction, fraction, mask, maskWidth, maskHeight);
    }

    /**
     * This region also leaving out a border (see {@link #insideBorder(double)}).
     *
     * @param fraction the border width as a fraction of each side, {@code 0 <= fraction < 0.5}
     * @return a new region
     */
    public Region withBorder(double fraction) {
        checkFraction("border fraction", fraction, 0.5);
        return new Region(fraction, cornerFraction, mask, maskWidth, maskHeight);
    }

    /** @return whether this region is the whole image (no border, corners or mask) */
    public boolean isWhole() {
        return borderFraction == 0 && cornerFraction == 0 && mask == null;
    }

    /** @return the border fraction, 0 when none */
    public double borderFraction() {
        return borderFraction;
    }

    /** @return the corner fraction, 0 when corners are kept */
    public double cornerFraction() {
        return cornerFraction;
    }

    /** @return whether this region has an explicit mask */
    public boolean hasMask() {
        return mask != null;
    }

    /**
     * Turns this region into row spans for an image of the given size.
     *
     * @param width image width
     * @param height image height
     * @return the spans, never empty
     * @throws IllegalArgumentException if a mask does not match the size, or the region holds no pixel
     */
    public Spans resolve(int width, int height) {
        if (mask != null && (width != maskWidth || height != maskHeight)) {
            throw new IllegalArgumentException("mask is " + maskWidth + "x" + maskHeight + " but the image is "
                    + width + "x" + height);
        }
        if (isWhole()) {
            return new Spans(new int[] {0, width * height}, width * height);
        }
        int bx = (int) Math.floor(width * borderFraction);
        int by = (int) Math.floor(height * borderFraction);
        int corner = (int) Math.floor(Math.min(width, height) * cornerFraction);
        int[] spans = new int[16];
        int count = 0;
        long pixels = 0;
        for (int y = by; y < height - by; y++) {
            int x0 = bx;
            int x1 = width - bx;
            boolean inCornerRows = y < corner || y >= height - corner;
            if (inCornerRows) {
                x0 = Math.max(x0, corner);
                x1 = Math.min(x1, width - corner);
            }
            int row = y * width;
            if (mask == null) {
                if (x1 > x0) {
                    spans = ensure(spans, count + 2);
                    spans[count++] = row + x0;
                    spans[count++] = row + x1;
                    pixels += x1 - x0;
                }
                continue;
            }
            int x = x0;
            while (x < x1) {
                while (x < x1 && mask[row + x] == 0) {
                    x++;
                }
                int start = x;
                while (x < x1 && mask[row + x] != 0) {
                    x++;
                }
                if (x > start) {
                    spans = ensure(spans, count + 2);
                    spans[count++] = row + start;
                    spans[count++] = row + x;
                    pixels += x - start;
                }
            }
        }
        if (pixels == 0) {
            throw new IllegalArgumentException("region " + this + " holds no pixel of a " + width + "x" + height
                    + " image");
        }
        return new Spans(mergeAdjacent(Arrays.copyOf(spans, count)), (int) pixels);
    }

    /** Joins spans that touch (full rows of a border-free region become one span), for longer inner loops. */
    private static int[] mergeAdjacent(int[] spans) {
        int out = 0;
        for (int i = 0; i < spans.length; i += 2) {
            if (out > 0 && spans[out - 1] == spans[i]) {
                spans[out - 1] = spans[i + 1];
            } else {
                spans[out++] = spans[i];
                spans[out++] = spans[i + 1];
            }
        }
        return Arrays.copyOf(spans, out);
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }

    private static void checkFraction(String what, double f, double maxExclusive) {
        if (!(f >= 0 && f < maxExclusive)) {
            throw new IllegalArgumentException(what + " must be in [0, " + maxExclusive + "), got " + f);
        }
    }

    @Override
    public String toString() {
        if (isWhole()) {
            return "whole image";
        }
        StringBuilder sb = new StringBuilder();
        if (borderFraction > 0) {
            sb.append("inside a ").append(borderFraction).append(" border");
        }
        if (cornerFraction > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append("without ").append(cornerFraction).append(" corners");
        }
        if (mask != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("masked ").append(maskWidth).append('x').append(maskHeight);
        }
        return sb.toString();
    }

    /**
     * A region resolved for one image size: half-open ranges of row-major pixel indices. Immutable.
     *
     * @param bounds start and end (exclusive) index pairs, ascending and disjoint
     * @param pixelCount the number of pixels inside
     */
    public record Spans(int[] bounds, int pixelCount) {
        /** Copies the bounds so the record stays immutable. */
        public Spans {
            bounds = bounds.clone();
        }

        /** @return a copy of the start/end pairs */
        @Override
        public int[] bounds() {
            return bounds.clone();
        }

        /** @return the number of spans */
        public int size() {
            return bounds.length / 2;
        }

        int start(int i) {
            return bounds[2 * i];
        }

        int end(int i) {
            return bounds[2 * i + 1];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spans s && s.pixelCount == pixelCount && Arrays.equals(s.bounds, bounds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bounds);
        }

        @Override
        public String toString() {
            return "Spans[" + size() + " spans, " + pixelCount + " pixels]";
        }
    }
}
