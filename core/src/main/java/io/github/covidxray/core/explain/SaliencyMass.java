package io.github.covidxray.core.explain;

import io.github.covidxray.core.Heatmap;

/**
 * How much of a heatmap's mass falls inside a region of the image. Each cell's value is spread evenly over its
 * pixels (cell bounds as {@link Heatmap} defines them), so a cell half inside the region counts half. Stateless
 * and thread-safe.
 */
public final class SaliencyMass {

    private SaliencyMass() {}

    /**
     * @param heatmap the heatmap over the whole image
     * @param mask the region, {@code width * height} flags, row-major
     * @param width image width
     * @param height image height
     * @return the share of the heatmap's total mass inside the region, in {@code [0, 1]}; {@code NaN} for an
     *     all-zero heatmap (nothing to share out)
     */
    public static double insideShare(Heatmap heatmap, boolean[] mask, int width, int height) {
        if (mask.length != (long) width * height) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + width + "x" + height);
        }
        double total = 0;
        double inside = 0;
        for (int r = 0; r < heatmap.rows(); r++) {
            int y0 = r * height / heatmap.rows();
            int y1 = (r + 1) * height / heatmap.rows();
            for (int c = 0; c < heatmap.cols(); c++) {
                int x0 = c * width / heatmap.cols();
                int x1 = (c + 1) * width / heatmap.cols();
                long pixels = (long) (y1 - y0) * (x1 - x0);
                double v = heatmap.value(r, c);
                if (pixels == 0 || v == 0) {
                    continue;
                }
                long in = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        if (mask[y * width + x]) {
                            in++;
                        }
                    }
                }
                total += v;
                inside += v * in / pixels;
            }
        }
        return total == 0 ? Double.NaN : inside / total;
    }

    /**
     * @param mask a region mask
     * @return the share of the image's pixels inside it: what {@link #insideShare} gives for a flat heatmap
     */
    public static double areaShare(boolean[] mask) {
        long in = 0;
        for (boolean b : mask) {
            if (b) {
                in++;
            }
        }
        return (double) in / mask.length;
    }
}
