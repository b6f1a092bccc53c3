package io.github.covidxray.core.trust;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Inputs that are not frontal chest X-rays, for measuring an out-of-distribution gate: generated at run time
 * (noise, gradients, shapes, typed text pages), read from Debian packages when installed (pydicom's CT and
 * MR test files, pictures under {@code /usr/share}), and real X-rays transformed in memory (rotated, inverted,
 * heavily cropped). Nothing is written to disk. Seeded, so every run builds the same set. Used by
 * {@link OodCheck} (the {@code ood-check} command and the study). Stateless and thread-safe.
 */
public final class OodTestSet {

    /** pydicom's test files (Debian python3-pydicom). */
    public static final Path PYDICOM_TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    /** Where Debian packages keep pictures (icons, documentation figures). */
    public static final Path SHARED_PICTURES = Path.of("/usr/share");

    private static final int SIDE = 512;

    private OodTestSet() {}

    /**
     * A named kind of input and its images.
     *
     * @param name a short name, for example {@code text-pages}
     * @param description what the images are, in words
     * @param images the images
     */
    public record Kind(String name, String description, List<XrayImage> images) {

        /** Copies the list. */
        public Kind {
            images = List.copyOf(images);
        }
    }

    /**
     * @param count images per generated kind
     * @param seed the seed
     * @return noise, gradients, shapes and text pages
     */
    public static List<Kind> generated(int count, long seed) {
        Random random = new Random(seed);
        List<XrayImage> noise = new ArrayList<>();
        List<XrayImage> gradients = new ArrayList<>();
        List<XrayImage> shapes = new ArrayList<>();
        List<XrayImage> text = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            noise.add(noise(random, i));
            gradients.add(draw("gradient-" + i, g -> gradient(g, random)));
            shapes.add(draw("shapes-" + i, g -> shapes(g, random)));
            text.add(draw("text-" + i, g -> textPage(g, random)));
        }
        return List.of(
                new Kind("noise", "uniform or Gaussian noise, " + SIDE + " px", noise),
                new Kind("gradients", "linear and radial gray gradients", gradients),
                new Kind("shapes", "random rectangles, ellipses and lines", shapes),
                new Kind("text-pages", "typed report-like pages rendered with Java2D", text));
    }

    /**
     * @param read how to read
     * @return pydicom's CT and MR test images that this SDK can read (empty when the package is missing)
     * @throws IOException if the folder cannot be listed
     */
    public static List<XrayImage> ctMrDicoms(ReadOptions read) throws IOException {
        return readAll(PYDICOM_TEST_FILES, 1, p -> {
            String n = p.getFileName().toString();
            return (n.startsWith("CT_") || n.startsWith("MR_")) && n.endsWith(".dcm");
        }, read);
    }

    /**
     * @param read how to read
     * @return PNG and JPEG pictures over 20 kB under {@code /usr/share} (icons, figures)
     * @throws IOException if the folder cannot be listed
     */
    public static List<XrayImage> debianPictures(ReadOptions read) throws IOException {
        return readAll(SHARED_PICTURES, 12, p -> {
            String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            try {
                return (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")) && Files.size(p) > 20_000;
            } catch (IOException e) {
                return false;
            }
        }, read);
    }

    private static List<XrayImage> readAll(Path root, int depth, java.util.function.Predicate<Path> accept,
            ReadOptions read) throws IOException {
        List<XrayImage> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.find(root, depth, (p, a) -> a.isRegularFile() && accept.test(p))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            try {
                out.add(XrayImage.read(f, read));
            } catch (InvalidImageException e) {
                // Some test files are deliberately broken or use codecs this SDK does not read.
            }
        }
        return out;
    }

    /**
     * @param xrays real X-rays
     * @return rotated by 90 and 180 degrees, inverted and heavily cropped copies, one kind each
     */
    public static List<Kind> transformed(List<XrayImage> xrays) {
        return List.of(
                new Kind("rotated-90", "real validation X-rays rotated by 90 degrees", map(xrays, OodTestSet::rotate90)),
                new Kind("rotated-180", "real validation X-rays upside down", map(xrays, x -> rotate90(rotate90(x)))),
                new Kind("inverted", "real validation X-rays with inverted gray levels", map(xrays, OodTestSet::invert)),
                new Kind("cropped", "the top-left 30% x 30% of real validation X-rays", map(xrays, OodTestSet::crop)));
    }

    private static List<XrayImage> map(List<XrayImage> in, UnaryOperator<XrayImage> f) {
        return in.stream().map(f).toList();
    }

    /**
     * @param x an image
     * @return the image turned a quarter clockwise
     */
    public static XrayImage rotate90(XrayImage x) {
        int w = x.width();
        int h = x.height();
        int[] src = x.toIntArray();
        int[] dst = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < w; c++) {
                dst[c * h + (h - 1 - y)] = src[y * w + c];
            }
        }
        return rebuild(x, h, w, dst);
    }

    /**
     * @param x an image
     * @return the image with its gray levels inverted
     */
    public static XrayImage invert(XrayImage x) {
        int[] p = x.toIntArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = x.maxValue() - p[i];
        }
        return rebuild(x, x.width(), x.height(), p);
    }

    /**
     * @param x an image
     * @return its top-left 30% x 30%
     */
    public static XrayImage crop(XrayImage x) {
        return x.crop(0, 0, Math.max(1, (int) (x.width() * 0.3)), Math.max(1, (int) (x.height() * 0.3)));
    }

    private static XrayImage rebuild(XrayImage like, int w, int h, int[] pixels) {
        if (like.is8Bit()) {
            byte[] b = new byte[pixels.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) pixels[i];
            }
            return XrayImage.ofGray8(w, h, b, like.source());
        }
        short[] s = new short[pixels.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) pixels[i];
        }
        return XrayImage.ofGray16(w, h, like.bitsStored(), s, like.source());
    }

    private static XrayImage noise(Random random, int i) {
        byte[] p = new byte[SIDE * SIDE];
        boolean gaussian = i % 2 == 1;
        for (int k = 0; k < p.length; k++) {
            double v = gaussian ? 128 + 40 * random.nextGaussian() : random.nextInt(256);
            p[k] = (byte) Math.max(0, Math.min(255, (int) v));
        }
        return XrayImage.ofGray8(SIDE, SIDE, p, "noise-" + i);
    }

    private static XrayImage draw(String name, java.util.function.Consumer<Graphics2D> painter) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        byte[] p = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        return XrayImage.ofGray8(SIDE, SIDE, p.clone(), name);
    }

    private static Color gray(Random r) {
        int v = r.nextInt(256);
        return new Color(v, v, v);
    }

    private static void gradient(Graphics2D g, Random r) {
        if (r.nextBoolean()) {
            g.setPaint(new GradientPaint(r.nextInt(SIDE), r.nextInt(SIDE), gray(r), r.nextInt(SIDE), r.nextInt(SIDE),
                    gray(r)));
        } else {
            g.setPaint(new RadialGradientPaint(r.nextInt(SIDE), r.nextInt(SIDE), 50 + r.nextInt(SIDE),
                    new float[] {0f, 1f}, new Color[] {gray(r), gray(r)}));
        }
        g.fillRect(0, 0, SIDE, SIDE);
    }

    private static void shapes(Graphics2D g, Random r) {
        g.setColor(gray(r));
        g.fillRect(0, 0, SIDE, SIDE);
        for (int i = 0; i < 5 + r.nextInt(20); i++) {
            g.setColor(gray(r));
            int x = r.nextInt(SIDE);
            int y = r.nextInt(SIDE);
            int w = 10 + r.nextInt(SIDE / 2);
            int h = 10 + r.nextInt(SIDE / 2);
            switch (r.nextInt(3)) {
                case 0 -> g.fillRect(x, y, w, h);
                case 1 -> g.fillOval(x, y, w, h);
                default -> {
                    g.setStroke(new java.awt.BasicStroke(1 + r.nextInt(12)));
                    g.drawLine(x, y, r.nextInt(SIDE), r.nextInt(SIDE));
                }
            }
        }
    }

    private static final String[] WORDS = ("chest radiograph findings impression lungs clear heart size normal no"
            + " pleural effusion consolidation patient history cough fever opacity bilateral lower zone follow up"
            + " recommended comparison prior study report signed").split(" ");

    private static void textPage(Graphics2D g, Random r) {
        boolean dark = r.nextInt(4) == 0;
        g.setColor(dark ? Color.BLACK : Color.WHITE);
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(dark ? Color.WHITE : Color.BLACK);
        int size = 10 + r.nextInt(8);
        g.setFont(new Font(r.nextBoolean() ? Font.SERIF : Font.MONOSPACED, Font.PLAIN, size));
        for (int y = 20 + size; y < SIDE - 10; y += size + 4) {
            StringBuilder line = new StringBuilder();
            while (line.length() < 60) {
                line.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            g.drawString(line.toString(), 12, y);
        }
    }
}
