package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a contact sheet of augmentations for eyeballing: the original first, then each augmented image, each
 * tile numbered and captioned with the steps that were applied.
 *
 * <p>8-bit images are shown as they are. Deeper images are windowed to the original's minimum and maximum, the
 * same window for every tile, so that brightness and contrast changes stay visible. Stateless and thread-safe
 * (needs {@code java.awt}; works headless).
 */
public final class PreviewGrid {

    private static final int GAP = 6;
    private static final int PAD = 4;
    private static final Color BACKGROUND = new Color(0x20, 0x20, 0x20);
    private static final Color TEXT = new Color(0xF0, 0xF0, 0xF0);
    private static final Color LABEL_BACKGROUND = new Color(0, 0, 0, 170);

    private PreviewGrid() {}

    /**
     * @param original the input image
     * @param results the augmentations of it
     * @param tileSize the longer side of each tile in pixels, at least 32
     * @return an RGB image of the grid
     */
    public static BufferedImage render(XrayImage original, List<AugmentResult> results, int tileSize) {
        if (tileSize < 32) {
            throw new IllegalArgumentException("tile size must be at least 32 pixels, got " + tileSize);
        }
        List<XrayImage> images = new ArrayList<>();
        List<List<String>> captions = new ArrayList<>();
        images.add(original);
        captions.add(List.of("original", String.format(Locale.ROOT, "%dx%d, %d-bit", original.width(),
                original.height(), original.bitsStored())));
        for (AugmentResult r : results) {
            images.add(r.image());
            captions.add(r.applied().isEmpty() ? List.of("unchanged") : r.captions());
        }
        int[] window = window(original);

        int columns = (int) Math.ceil(Math.sqrt(images.size()));
        int rows = (images.size() + columns - 1) / columns;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, tileSize / 20));
        Font bold = font.deriveFont(Font.BOLD);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        List<List<String>> wrapped = new ArrayList<>();
        int maxLines = 1;
        for (List<String> c : captions) {
            List<String> lines = wrap(c, fm, tileSize - 2 * PAD);
            wrapped.add(lines);
            maxLines = Math.max(maxLines, lines.size());
        }
        int captionHeight = maxLines * fm.getHeight() + 2 * PAD;
        int cellW = tileSize;
        int cellH = tileSize + captionHeight;

        BufferedImage sheet = new BufferedImage(GAP + columns * (cellW + GAP), GAP + rows * (cellH + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int t = 0; t < images.size(); t++) {
                int x = GAP + (t % columns) * (cellW + GAP);
                int y = GAP + (t / columns) * (cellH + GAP);
                drawTile(g, toDisplay(images.get(t), window), x, y, tileSize);
                g.setFont(bold);
                String label = t == 0 ? "original" : "#" + (t - 1); // the sample index, as in the file names
                FontMetrics bm = g.getFontMetrics();
                g.setColor(LABEL_BACKGROUND);
                g.fillRect(x, y, bm.stringWidth(label) + 2 * PAD, bm.getHeight() + PAD);
                g.setColor(TEXT);
                g.drawString(label, x + PAD, y + PAD / 2 + bm.getAscent());
                g.setFont(font);
                int ty = y + tileSize + PAD + fm.getAscent();
                for (String line : wrapped.get(t)) {
                    g.drawString(line, x + PAD, ty);
                    ty += fm.getHeight();
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static void drawTile(Graphics2D g, BufferedImage img, int x, int y, int tileSize) {
        double s = (double) tileSize / Math.max(img.getWidth(), img.getHeight());
        int w = (int) Math.round(img.getWidth() * s);
        int h = (int) Math.round(img.getHeight() * s);
        g.drawImage(img, x + (tileSize - w) / 2, y + (tileSize - h) / 2, w, h, null);
    }

    /** Caption lines, each wrapped at word boundaries to fit {@code width} pixels. */
    static List<String> wrap(List<String> captions, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        for (String caption : captions) {
            StringBuilder line = new StringBuilder();
            for (String word : caption.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (fm.stringWidth(candidate) > width && line.length() > 0) {
                    lines.add(line.toString());
                    line = new StringBuilder("  " + word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static int[] window(XrayImage image) {
        if (image.is8Bit()) {
            return new int[] {0, image.maxValue()};
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        ShortBuffer px = image.pixels16();
        for (int i = 0, n = image.pixelCount(); i < n; i++) {
            int v = px.get(i) & 0xFFFF;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max > min ? new int[] {min, max} : new int[] {0, image.maxValue()};
    }

    private static BufferedImage toDisplay(XrayImage image, int[] window) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        if (image.is8Bit() && window[0] == 0 && window[1] == 255) {
            image.pixels8().get(dst);
        } else {
            int[] px = image.toIntArray();
            double scale = 255.0 / (window[1] - window[0]);
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (byte) Math.max(0, Math.min(255, Math.round((px[i] - window[0]) * scale)));
            }
        }
        return out;
    }
}
