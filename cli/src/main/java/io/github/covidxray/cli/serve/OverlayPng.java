package io.github.covidxray.cli.serve;

import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.XrayImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a heatmap over its X-ray as a small RGB PNG for the web page: the image in grey, and where the
 * heatmap is high a warm tint (transparent at 0, opaque red-yellow at the map's maximum), bilinearly
 * interpolated between cell centres. At most {@value #MAX_SIDE} pixels a side. Stateless and thread-safe.
 */
final class OverlayPng {

    /** Longest side of the overlay: enough to see where the evidence lies, small enough to send as base64. */
    static final int MAX_SIDE = 384;

    private OverlayPng() {}

    /**
     * @param image the image as read
     * @param heatmap a heatmap over the whole image
     * @return the PNG's bytes
     */
    static byte[] render(XrayImage image, Heatmap heatmap) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        float max = heatmap.max();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double maxValue = image.maxValue();
        for (int y = 0; y < h; y++) {
            int sy = Math.min(image.height() - 1, (int) (y / scale));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(image.width() - 1, (int) (x / scale));
                int grey = (int) Math.round(image.pixel(sx, sy) * 255.0 / maxValue);
                double heat = max > 0 ? sample(heatmap, (x + 0.5) / w, (y + 0.5) / h) / max : 0;
                double alpha = 0.6 * heat;
                int r = blend(grey, 255, alpha);
                int g = blend(grey, (int) Math.round(255 * heat * heat), alpha);
                int b = blend(grey, 0, alpha);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static int blend(int base, int tint, double alpha) {
        return (int) Math.round(base * (1 - alpha) + tint * alpha);
    }

    /** The heatmap at fractional image coordinates, bilinear between cell centres. */
    private static double sample(Heatmap map, double fx, double fy) {
        double cx = Math.max(0, Math.min(map.cols() - 1, fx * map.cols() - 0.5));
        double cy = Math.max(0, Math.min(map.rows() - 1, fy * map.rows() - 0.5));
        int c0 = (int) cx;
        int r0 = (int) cy;
        int c1 = Math.min(map.cols() - 1, c0 + 1);
        int r1 = Math.min(map.rows() - 1, r0 + 1);
        double tx = cx - c0;
        double ty = cy - r0;
        double top = map.value(r0, c0) * (1 - tx) + map.value(r0, c1) * tx;
        double bottom = map.value(r1, c0) * (1 - tx) + map.value(r1, c1) * tx;
        return top * (1 - ty) + bottom * ty;
    }
}
