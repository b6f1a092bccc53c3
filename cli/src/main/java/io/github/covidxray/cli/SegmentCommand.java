package io.github.covidxray.cli;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.plot.XrayImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray segment [--json] --out DIR FILES|DIRS}: finds the lungs with the bundled (or a given)
 * segmentation model and writes, per image, the mask as a PNG (255 inside) and an overlay PNG; prints one line
 * per image. Exit code 0 when every image was segmented, 1 when some failed.
 */
@Command(name = "segment", sortOptions = false,
        description = {"Segment the lungs in chest X-rays: a mask PNG and an overlay PNG per image.",
            "Prints file, mask, lung fraction and a plausibility score (flagged below 0.5) per image.",
            "Research use only: not a medical device."})
final class SegmentCommand implements Callable<Integer> {

    private static final Color LUNG = new Color(0, 200, 90);

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the mask and overlay PNGs.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS",
            description = "Images (PNG, JPEG, BMP, TIFF, DICOM) or folders searched recursively for them.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException, ModelException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println(CovidXrayCli.DISCLAIMER);
        err.flush();
        List<Path> files = InputFiles.expand(inputs);
        Files.createDirectories(out);
        int failed = 0;
        int flagged = 0;
        Set<String> used = new HashSet<>();
        long start = System.nanoTime();
        try (LungSegmenter segmenter = modelOptions.openLungSegmenter()) {
            ReadOptions readOptions = segmenter.card().preprocessing().readOptions();
            for (Path file : files) {
                try {
                    XrayImage image = XrayImage.read(file, readOptions);
                    LungMask mask = segmenter.segment(image);
                    String stem = uniqueStem(file, used);
                    Path maskFile = out.resolve(stem + "_lungs.png");
                    Path overlayFile = out.resolve(stem + "_overlay.png");
                    GrayPng.write(mask.toImage(), maskFile);
                    GrayPng.write(overlay(image, mask), overlayFile);
                    flagged += mask.flagged() ? 1 : 0;
                    print(stdout, file, maskFile, overlayFile, mask);
                } catch (InvalidImageException | TranslateException e) {
                    failed++;
                    common.reportFailure(stdout, err, file.toString(), e.getMessage());
                }
            }
            err.printf(Locale.ROOT, "segmented %d of %d image(s) in %.1f s with %s on %s; %d flagged as implausible;"
                    + " PNGs in %s%n", files.size() - failed, files.size(), (System.nanoTime() - start) / 1e9,
                    segmenter.card().name(), segmenter.engine(), flagged, out);
        }
        stdout.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private void print(PrintWriter stdout, Path file, Path maskFile, Path overlayFile, LungMask mask) {
        if (common.json()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", file.toString());
            row.put("mask", maskFile.toString());
            row.put("overlay", overlayFile.toString());
            row.put("lung_fraction", round(mask.lungFraction()));
            row.put("quality", round(mask.quality()));
            row.put("flagged", mask.flagged());
            row.put("issues", mask.issues());
            mask.boundingBox().ifPresent(b -> row.put("bounding_box", b));
            row.put("lungs", mask.lungs());
            CommonOptions.printJson(stdout, row);
        } else {
            stdout.printf(Locale.ROOT, "%s\tlungs %.3f\tquality %.2f%s\t%s%n", file, mask.lungFraction(), mask.quality(),
                    mask.flagged() ? " FLAGGED " + mask.issues() : "", maskFile);
        }
        stdout.flush();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** The file's name without extension, made unique among the outputs of this run. */
    private static String uniqueStem(Path file, Set<String> used) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
        String candidate = stem;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = stem + "-" + i;
        }
        return candidate;
    }

    /** The X-ray in grey with the lungs tinted, each lung's box outlined and the plausibility score written on it. */
    static BufferedImage overlay(XrayImage image, LungMask mask) {
        int w = image.width();
        int h = image.height();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(XrayImages.toBufferedImage(image), 0, 0, null);
            int[] row = new int[w];
            int tint = LUNG.getRGB();
            for (int y = 0; y < h; y++) {
                rgb.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    if (mask.contains(x, y)) {
                        row[x] = blend(row[x], tint, 0.35);
                    }
                }
                rgb.setRGB(0, y, w, 1, row, 0, w);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            float line = Math.max(1f, Math.min(w, h) / 300f);
            g.setStroke(new BasicStroke(line));
            g.setColor(mask.flagged() ? Color.RED : Color.YELLOW);
            for (LungMask.Lung lung : mask.lungs()) {
                LungMask.Box b = lung.box();
                g.drawRect(b.x(), b.y(), b.width(), b.height());
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(w, h) / 30)));
            List<String> caption = new ArrayList<>();
            caption.add(String.format(Locale.ROOT, "lungs %.1f %%, quality %.2f%s", 100 * mask.lungFraction(),
                    mask.quality(), mask.flagged() ? " (FLAGGED)" : ""));
            caption.add("research use only, not for diagnosis");
            int y = g.getFontMetrics().getAscent() + 4;
            for (String text : caption) {
                g.drawString(text, 6, y);
                y += g.getFontMetrics().getHeight();
            }
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static int blend(int rgb, int tint, double alpha) {
        int r = (int) (((rgb >> 16) & 0xFF) * (1 - alpha) + ((tint >> 16) & 0xFF) * alpha);
        int gr = (int) (((rgb >> 8) & 0xFF) * (1 - alpha) + ((tint >> 8) & 0xFF) * alpha);
        int b = (int) ((rgb & 0xFF) * (1 - alpha) + (tint & 0xFF) * alpha);
        return (r << 16) | (gr << 8) | b;
    }
}
