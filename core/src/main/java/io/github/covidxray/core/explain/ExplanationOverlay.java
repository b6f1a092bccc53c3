package io.github.covidxray.core.explain;

import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws an explanation as a picture a person can read: the X-ray in grey (stretched from its darkest to its
 * brightest pixel), the heatmap laid over it in a sequential colour map whose lightness rises with importance
 * (dark purple, red, orange, pale yellow; readable in greyscale and by the common colour-vision deficiencies),
 * transparent where the map is near zero, and a caption with the label, its probability, the method and the
 * research-use notice. An input flagged out of distribution gets a plain warning instead of a label. The file
 * name is never drawn (it may identify a patient). Used by the CLI, the HTTP service and the model card.
 * Stateless and thread-safe.
 */
public final class ExplanationOverlay {

    /** The longest side of the drawn X-ray, in pixels. */
    public static final int SIZE = 512;

    /** The notice every overlay carries. */
    public static final String NOTICE = "Research use only: not a medical device, not for diagnosis.";

    private static final int CAPTION_LINE = 18;
    private static final int CAPTION_HEIGHT = 3 * CAPTION_LINE + 10;
    private static final float MAX_ALPHA = 0.6f;
    /** Colour-map anchors (sRGB), evenly spaced, each lighter than the last. */
    private static final int[][] ANCHORS = {
        {20, 10, 70}, {100, 25, 140}, {200, 45, 110}, {245, 130, 40}, {255, 235, 130}};

    private ExplanationOverlay() {}

    /**
     * @param image the image that was explained, as read
     * @param explanation its explanation
     * @return the overlay with its caption band below the X-ray
     */
    public static BufferedImage render(XrayImage image, Explanation explanation) {
        double scale = (double) SIZE / Math.max(image.width(), image.height());
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        BufferedImage out = new BufferedImage(w, h + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        float[] grey = resampledGrey(image, w, h);
        float[] heat = upsampled(explanation, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float g = grey[i] * 255;
                float a = MAX_ALPHA * heat[i];
                int rgb = colour(heat[i]);
                int r = Math.round(g * (1 - a) + ((rgb >> 16) & 0xFF) * a);
                int gg = Math.round(g * (1 - a) + ((rgb >> 8) & 0xFF) * a);
                int b = Math.round(g * (1 - a) + (rgb & 0xFF) * a);
                out.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        drawCaption(out.createGraphics(), explanation, w, h);
        return out;
    }

    /**
     * @param image the image that was explained, as read
     * @param explanation its explanation
     * @return {@link #render} encoded as PNG
     */
    public static byte[] png(XrayImage image, Explanation explanation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(image, explanation), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the overlay as PNG", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The caption's lines: the label with its probability and the method, or, for an input flagged out of
     * distribution, a warning with no label; then the notice.
     *
     * @param explanation the explanation
     * @return the lines, top to bottom
     */
    public static List<String> caption(Explanation explanation) {
        Prediction p = explanation.prediction();
        String method = explanation.method().jsonName();
        if (p.outOfDistribution()) {
            return List.of(String.format(Locale.ROOT, "OUT OF DISTRIBUTION (score %.2f)", p.oodScore()),
                    "Unlike the X-rays this model knows: no label; " + method + " map of its output only.", NOTICE);
        }
        String head = String.format(Locale.ROOT, "%s %.3f", p.label(), p.confidence());
        String explained = explanation.explainedLabel().equals(p.label()) ? ""
                : String.format(Locale.ROOT, "; map for %s (%.3f)", explanation.explainedLabel(),
                        p.probability(explanation.explainedLabel()));
        return List.of(head + explained, method + " map: brighter = more evidence; not a finding", NOTICE);
    }

    /**
     * The colour for an importance in {@code [0, 1]}: the map's anchors linearly interpolated.
     *
     * @param v the importance, clamped to {@code [0, 1]}
     * @return 0xRRGGBB
     */
    static int colour(float v) {
        float t = Math.max(0, Math.min(1, v)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) t);
        float f = t - i;
        int rgb = 0;
        for (int ch = 0; ch < 3; ch++) {
            rgb = (rgb << 8) | Math.round(ANCHORS[i][ch] + f * (ANCHORS[i + 1][ch] - ANCHORS[i][ch]));
        }
        return rgb;
    }

    /** Box-averaged (or, when enlarging, nearest) grey levels in [0, 1], stretched to the image's range. */
    private static float[] resampledGrey(XrayImage image, int w, int h) {
        int sw = image.width();
        int sh = image.height();
        int[] px = image.toIntArray();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = Math.max(1, max - min);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = (int) ((long) y * sh / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / h));
            for (int x = 0; x < w; x++) {
                int x0 = (int) ((long) x * sw / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / w));
                long sum = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        sum += px[sy * sw + sx];
                    }
                }
                out[y * w + x] = (sum / (float) ((y1 - y0) * (x1 - x0)) - min) / range;
            }
        }
        return out;
    }

    /** The heatmap divided by its maximum, bilinearly interpolated between cell centres. */
    private static float[] upsampled(Explanation explanation, int w, int h) {
        var map = explanation.heatmap();
        float max = map.max();
        float[] out = new float[w * h];
        if (max <= 0) {
            return out;
        }
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, Math.min(map.rows() - 1, (y + 0.5f) * map.rows() / h - 0.5f));
            int r0 = Math.min(map.rows() - 1, (int) fy);
            int r1 = Math.min(map.rows() - 1, r0 + 1);
            float dy = fy - r0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0, Math.min(map.cols() - 1, (x + 0.5f) * map.cols() / w - 0.5f));
                int c0 = Math.min(map.cols() - 1, (int) fx);
                int c1 = Math.min(map.cols() - 1, c0 + 1);
                float dx = fx - c0;
                float top = map.value(r0, c0) * (1 - dx) + map.value(r0, c1) * dx;
                float bottom = map.value(r1, c0) * (1 - dx) + map.value(r1, c1) * dx;
                out[y * w + x] = (top * (1 - dy) + bottom * dy) / max;
            }
        }
        return out;
    }

    private static void drawCaption(Graphics2D g, Explanation explanation, int w, int h) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            boolean ood = explanation.prediction().outOfDistribution();
            g.setColor(ood ? new Color(120, 20, 20) : new Color(30, 30, 30));
            g.fillRect(0, h, w, CAPTION_HEIGHT);
            int barWidth = Math.min(80, w / 6);
            int barLeft = w - barWidth - 36;
            for (int x = 0; x < barWidth; x++) {
                g.setColor(new Color(colour(x / (float) Math.max(1, barWidth - 1))));
                g.drawLine(barLeft + x, h + 6, barLeft + x, h + CAPTION_LINE);
            }
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("low", barLeft - 24, h + CAPTION_LINE - 2);
            g.drawString("high", barLeft + barWidth + 4, h + CAPTION_LINE - 2);
            List<String> lines = caption(explanation);
            for (int i = 0; i < lines.size(); i++) {
                g.setFont(new Font(Font.SANS_SERIF, i == 0 ? Font.BOLD : Font.PLAIN, i == 0 ? 14 : 12));
                g.drawString(lines.get(i), 6, h + (i + 1) * CAPTION_LINE);
            }
        } finally {
            g.dispose();
        }
    }
}
