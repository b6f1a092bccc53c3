package io.github.covidxray.core.explain;

import io.github.covidxray.core.XrayImage;

/**
 * A region of an image as read, given as a pixel mask. Used to hide part of an image (shortcut controls) and
 * to measure how much of a heatmap's mass falls inside it. Implementations must be thread-safe.
 *
 * <p>{@link #centralLungField()} is a fixed box; a lung segmenter can supply a per-image mask through the same
 * interface.
 */
@FunctionalInterface
public interface ImageRegion {

    /**
     * @param image the image
     * @return {@code width * height} flags, row-major, {@code true} for pixels inside the region
     */
    boolean[] mask(XrayImage image);

    /** @return a short description for reports (default: the class name) */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * The central lung field of a frontal (PA/AP) chest X-ray as a fixed box in fractions of the image: columns
     * 15% to 85%, rows 15% to 85%. It covers most of both lungs on a typical centred film and leaves out the
     * borders where markers, labels, collimation edges and text tend to sit. It is a rough stand-in: on an
     * off-centre or rotated film it cuts lung or takes in background.
     *
     * @return the box
     */
    static ImageRegion centralLungField() {
        return box(0.15, 0.15, 0.85, 0.85);
    }

    /**
     * A box in fractions of the image's width and height.
     *
     * @param left left edge, {@code 0 <= left < right}
     * @param top top edge, {@code 0 <= top < bottom}
     * @param right right edge, {@code <= 1}
     * @param bottom bottom edge, {@code <= 1}
     * @return the region
     * @throws IllegalArgumentException if the box is empty or outside the unit square
     */
    static ImageRegion box(double left, double top, double right, double bottom) {
        return new FractionBox(left, top, right, bottom);
    }

    /** A box in fractions of the image size; pixel bounds round to the nearest pixel edge. */
    record FractionBox(double left, double top, double right, double bottom) implements ImageRegion {

        /** Checks the box is inside the unit square and not empty. */
        public FractionBox {
            if (!(0 <= left && left < right && right <= 1 && 0 <= top && top < bottom && bottom <= 1)) {
                throw new IllegalArgumentException("box must satisfy 0 <= left < right <= 1 and 0 <= top < bottom <= 1, got "
                        + left + ", " + top + ", " + right + ", " + bottom);
            }
        }

        @Override
        public boolean[] mask(XrayImage image) {
            int w = image.width();
            int h = image.height();
            int x0 = (int) Math.round(left * w);
            int x1 = (int) Math.round(right * w);
            int y0 = (int) Math.round(top * h);
            int y1 = (int) Math.round(bottom * h);
            boolean[] mask = new boolean[w * h];
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(mask, y * w + x0, y * w + x1, true);
            }
            return mask;
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "box x %.0f%%-%.0f%%, y %.0f%%-%.0f%% of the image",
                    100 * left, 100 * right, 100 * top, 100 * bottom);
        }
    }
}
