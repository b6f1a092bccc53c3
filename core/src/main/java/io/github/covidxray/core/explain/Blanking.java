package io.github.covidxray.core.explain;

import io.github.covidxray.core.XrayImage;

/**
 * Copies of an image with some pixels replaced by the image's own mean intensity. The mean is the neutral
 * value used throughout explanations and shortcut controls: it keeps the image's overall brightness (which the
 * model's normalisation sees) nearly unchanged and adds no texture, so a change in the output comes from the
 * content removed rather than from a new dark or bright patch. Stateless and thread-safe.
 */
public final class Blanking {

    private Blanking() {}

    /**
     * @param image the image
     * @return its mean pixel value, rounded to the nearest stored value
     */
    public static int meanValue(XrayImage image) {
        long sum = 0;
        int n = image.pixelCount();
        if (image.is8Bit()) {
            var px = image.pixels8();
            for (int i = 0; i < n; i++) {
                sum += px.get(i) & 0xFF;
            }
        } else {
            var px = image.pixels16();
            for (int i = 0; i < n; i++) {
                sum += px.get(i) & 0xFFFF;
            }
        }
        return (int) Math.round((double) sum / n);
    }

    /**
     * @param image the image
     * @param mask {@code width * height} flags, row-major
     * @param inside {@code true} to blank the pixels where the mask is set, {@code false} to blank the others
     * @param fill the value written, {@code 0..image.maxValue()}
     * @return a blanked copy with the same size, bit depth and source
     * @throws IllegalArgumentException if the mask size or the fill value does not fit the image
     */
    public static XrayImage blank(XrayImage image, boolean[] mask, boolean inside, int fill) {
        if (mask.length != image.pixelCount()) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, image " + image.source() + " has "
                    + image.pixelCount());
        }
        checkFill(image, fill);
        if (image.is8Bit()) {
            byte[] px = copy8(image);
            for (int i = 0; i < px.length; i++) {
                if (mask[i] == inside) {
                    px[i] = (byte) fill;
                }
            }
            return XrayImage.ofGray8(image.width(), image.height(), px, image.source());
        }
        short[] px = copy16(image);
        for (int i = 0; i < px.length; i++) {
            if (mask[i] == inside) {
                px[i] = (short) fill;
            }
        }
        return XrayImage.ofGray16(image.width(), image.height(), image.bitsStored(), px, image.source());
    }

    /**
     * @param image the image
     * @param x0 first column, inclusive
     * @param y0 first row, inclusive
     * @param x1 last column, exclusive
     * @param y1 last row, exclusive
     * @param fill the value written, {@code 0..image.maxValue()}
     * @return a copy with the rectangle (clipped to the image) blanked
     */
    public static XrayImage blankRect(XrayImage image, int x0, int y0, int x1, int y1, int fill) {
        checkFill(image, fill);
        int w = image.width();
        int cx0 = Math.max(0, x0);
        int cx1 = Math.min(w, x1);
        int cy0 = Math.max(0, y0);
        int cy1 = Math.min(image.height(), y1);
        if (image.is8Bit()) {
            byte[] px = copy8(image);
            for (int y = cy0; y < cy1 && cx0 < cx1; y++) {
                java.util.Arrays.fill(px, y * w + cx0, y * w + cx1, (byte) fill);
            }
            return XrayImage.ofGray8(w, image.height(), px, image.source());
        }
        short[] px = copy16(image);
        for (int y = cy0; y < cy1 && cx0 < cx1; y++) {
            java.util.Arrays.fill(px, y * w + cx0, y * w + cx1, (short) fill);
        }
        return XrayImage.ofGray16(w, image.height(), image.bitsStored(), px, image.source());
    }

    private static void checkFill(XrayImage image, int fill) {
        if (fill < 0 || fill > image.maxValue()) {
            throw new IllegalArgumentException("fill " + fill + " outside 0.." + image.maxValue() + " for " + image.source());
        }
    }

    private static byte[] copy8(XrayImage image) {
        byte[] px = new byte[image.pixelCount()];
        image.pixels8().get(px);
        return px;
    }

    private static short[] copy16(XrayImage image) {
        short[] px = new short[image.pixelCount()];
        image.pixels16().get(px);
        return px;
    }
}
