package io.github.covidxray.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A binary lung mask in the coordinates of the image it was computed from (same width and height), with the
 * facts derived from it: lung area fraction, bounding box, the two lungs as separate regions where they are
 * separable, and a plausibility score so that absurd masks are flagged rather than trusted.
 *
 * <p>{@link #quality()} is the smallest of four scores in [0, 1], each 1 for a mask that looks like two
 * lungs and falling linearly to 0 for one that does not; {@link #issues()} names the checks that scored
 * below 1. The checks, calibrated on the shape of manually drawn masks (they are heuristics, not a
 * measure of correctness):
 * <ol>
 *   <li><b>area</b>: the lungs cover 8-65 % of the image (score 0 below 2 % and above 85 %);</li>
 *   <li><b>two lungs</b>: the two largest connected regions both hold at least a quarter of the larger one's
 *       pixels (0 when there is a single region);</li>
 *   <li><b>side by side</b>: those two lie left and right of each other, overlapping vertically;</li>
 *   <li><b>fragments</b>: at most 5 % of the mask lies outside those two regions (0 at 30 %).</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class LungMask {

    /** Masks with a {@link #quality()} below this are {@link #flagged()}. */
    public static final double QUALITY_THRESHOLD = 0.5;

    /**
     * An axis-aligned rectangle of image pixels.
     *
     * @param x left column
     * @param y top row
     * @param width columns covered
     * @param height rows covered
     */
    public record Box(int x, int y, int width, int height) {}

    /** Which lung a region is. The patient's right lung shows on the image's left in a frontal view. */
    public enum Side {
        /** The patient's right lung: the region further left on the image (PA or AP view). */
        RIGHT,
        /** The patient's left lung: the region further right on the image. */
        LEFT
    }

    /**
     * One lung: a connected region of the mask (8-connectivity).
     *
     * @param side which lung, by position on the image
     * @param box its bounding box
     * @param pixels its area in pixels
     */
    public record Lung(Side side, Box box, long pixels) {}

    private final int width;
    private final int height;
    private final boolean[] inside;
    private final String source;
    private final long area;
    private final Box box;
    private final List<Lung> lungs;
    private final double quality;
    private final List<String> issues;

    private LungMask(int width, int height, boolean[] inside, String source) {
        this.width = width;
        this.height = height;
        this.inside = inside;
        this.source = source;
        Components c = Components.of(width, height, inside);
        this.area = c.total;
        this.box = c.total == 0 ? null : c.union();
        List<String> found = new ArrayList<>();
        double fraction = area / (double) ((long) width * height);
        double q = score(found, ramp(fraction, 0.02, 0.08) * (1 - ramp(fraction, 0.65, 0.85)), String.format(
                Locale.ROOT, "lung area %.1f %% of the image (expected 8-65 %%)", 100 * fraction), 1.0);
        List<Lung> two = List.of();
        if (c.sizes.size() < 2) {
            q = score(found, 0, area == 0 ? "no lung pixels" : "one connected region: the lungs are not separated", q);
        } else {
            int a = c.largest(0);
            int b = c.largest(1);
            double balance = c.sizes.get(b) / (double) c.sizes.get(a);
            q = score(found, ramp(balance, 0.05, 0.25), String.format(Locale.ROOT,
                    "second region only %.0f %% of the first's size", 100 * balance), q);
            Box first = c.box(a);
            Box second = c.box(b);
            boolean firstIsLeft = first.x() + first.width() / 2.0 < second.x() + second.width() / 2.0;
            Box l = firstIsLeft ? first : second;
            Box r = firstIsLeft ? second : first;
            int overlapRows = Math.min(l.y() + l.height(), r.y() + r.height()) - Math.max(l.y(), r.y());
            double vertical = overlapRows / (double) Math.min(l.height(), r.height());
            boolean apart = l.x() + l.width() / 2.0 < r.x() && r.x() + r.width() / 2.0 > l.x() + l.width();
            q = score(found, apart ? ramp(vertical, 0.2, 0.6) : 0,
                    "the two largest regions are not side by side like two lungs", q);
            double outside = 1 - (c.sizes.get(a) + c.sizes.get(b)) / (double) area;
            q = score(found, 1 - ramp(outside, 0.05, 0.30), String.format(Locale.ROOT,
                    "%.0f %% of the mask in small fragments", 100 * outside), q);
            long leftPixels = firstIsLeft ? c.sizes.get(a) : c.sizes.get(b);
            long rightPixels = firstIsLeft ? c.sizes.get(b) : c.sizes.get(a);
            if (apart) {
                two = List.of(new Lung(Side.RIGHT, l, leftPixels), new Lung(Side.LEFT, r, rightPixels));
            }
        }
        this.lungs = two;
        this.quality = q;
        this.issues = Collections.unmodifiableList(found);
    }

    /**
     * @param width image width
     * @param height image height
     * @param inside row-major, {@code width * height} values, true inside the lungs (copied)
     * @param source the image's source, for messages
     * @return the mask with its derived facts
     * @throws IllegalArgumentException if the array's length is not {@code width * height}
     */
    public static LungMask of(int width, int height, boolean[] inside, String source) {
        if (width < 1 || height < 1 || inside.length != (long) width * height) {
            throw new IllegalArgumentException("mask of " + inside.length + " pixels does not fit " + width + "x" + height);
        }
        return new LungMask(width, height, inside.clone(), Objects.requireNonNullElse(source, "image"));
    }

    /** Records one check; returns the running minimum. */
    private static double score(List<String> issues, double s, String problem, double running) {
        if (s < 1) {
            issues.add(problem);
        }
        return Math.min(running, s);
    }

    /** 0 at or below {@code lo}, 1 at or above {@code hi}, linear between. */
    private static double ramp(double v, double lo, double hi) {
        return Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    }

    /** @return image width */
    public int width() {
        return width;
    }

    /** @return image height */
    public int height() {
        return height;
    }

    /** @return where the image came from (file name or caller's label) */
    public String source() {
        return source;
    }

    /**
     * @param x column
     * @param y row
     * @return whether the pixel is inside the lungs
     * @throws IndexOutOfBoundsException outside the image
     */
    public boolean contains(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return inside[y * width + x];
    }

    /** @return a copy of the mask, row-major */
    public boolean[] toBooleanArray() {
        return inside.clone();
    }

    /**
     * @param margin a fraction of the larger side of the lungs' bounding box, at least 0
     * @return that many pixels, rounded; 0 for an empty mask
     */
    public int marginPixels(double margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        return box == null ? 0 : (int) Math.round(margin * Math.max(box.width(), box.height()));
    }

    /**
     * The mask grown by {@code pixels} in every direction (a square neighbourhood: a pixel is inside when any
     * pixel at most {@code pixels} columns and rows away is). Two passes of a sliding maximum, so the cost does
     * not grow with {@code pixels}.
     *
     * @param pixels the growth, at least 0 (0 gives a copy)
     * @return the grown mask, row-major
     */
    public boolean[] dilated(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("dilation must be >= 0 pixels, got " + pixels);
        }
        if (pixels == 0) {
            return inside.clone();
        }
        boolean[] rows = new boolean[inside.length];
        for (int y = 0; y < height; y++) {
            spread(inside, rows, y * width, 1, width, pixels);
        }
        boolean[] out = new boolean[inside.length];
        for (int x = 0; x < width; x++) {
            spread(rows, out, x, width, height, pixels);
        }
        return out;
    }

    /** One line of a dilation: {@code dst[i]} is set when a set {@code src} pixel lies within {@code r} steps. */
    private static void spread(boolean[] src, boolean[] dst, int start, int step, int n, int r) {
        int last = -1; // index along the line of the last set pixel seen, scanning forwards
        for (int i = 0; i < n; i++) {
            if (src[start + i * step]) {
                last = i;
            }
            if (last >= 0 && i - last <= r) {
                dst[start + i * step] = true;
            }
        }
        last = Integer.MAX_VALUE;
        for (int i = n - 1; i >= 0; i--) {
            if (src[start + i * step]) {
                last = i;
            }
            if (last != Integer.MAX_VALUE && last - i <= r) {
                dst[start + i * step] = true;
            }
        }
    }

    /** @return the mask as an 8-bit image, 255 inside and 0 outside */
    public XrayImage toImage() {
        byte[] px = new byte[inside.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = inside[i] ? (byte) 255 : 0;
        }
        return XrayImage.wrap8(width, height, px, source + " (lung mask)");
    }

    /** @return pixels inside the lungs */
    public long area() {
        return area;
    }

    /** @return the share of the image inside the lungs, in [0, 1] */
    public double lungFraction() {
        return area / (double) ((long) width * height);
    }

    /** @return the bounding box of all lung pixels, empty when there are none */
    public Optional<Box> boundingBox() {
        return Optional.ofNullable(box);
    }

    /**
     * @return the two lungs, the patient's right (image left) first, when the mask separates into two regions
     *     side by side; empty otherwise
     */
    public List<Lung> lungs() {
        return lungs;
    }

    /** @return the plausibility score in [0, 1] (see the class description) */
    public double quality() {
        return quality;
    }

    /** @return what lowered {@link #quality()}, empty for a plausible mask */
    public List<String> issues() {
        return issues;
    }

    /** @return whether {@link #quality()} is below {@link #QUALITY_THRESHOLD}: do not trust this mask */
    public boolean flagged() {
        return quality < QUALITY_THRESHOLD;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LungMask[%s, %dx%d, lungs %.1f %%, quality %.2f%s]", source, width, height,
                100 * lungFraction(), quality, issues.isEmpty() ? "" : ", " + issues);
    }

    /**
     * Connected regions (8-connectivity) by runs: each row's runs of inside pixels are joined with the runs
     * of the row above they touch. Memory grows with the number of runs, not pixels.
     */
    private static final class Components {
        private int[] parent = new int[64];
        private int[] runRow = new int[64];
        private int[] runStart = new int[64];
        private int[] runEnd = new int[64];
        private int runs;
        long total;
        List<Long> sizes;
        private int[] rootIndex;
        private int[][] boxes;

        static Components of(int width, int height, boolean[] inside) {
            Components c = new Components();
            int prevFirst = 0;
            int prevCount = 0;
            for (int y = 0; y < height; y++) {
                int first = c.runs;
                int row = y * width;
                int x = 0;
                while (x < width) {
                    if (!inside[row + x]) {
                        x++;
                        continue;
                    }
                    int start = x;
                    while (x < width && inside[row + x]) {
                        x++;
                    }
                    int id = c.add(y, start, x);
                    for (int p = prevFirst; p < prevFirst + prevCount; p++) {
                        // 8-connectivity: runs touch when they overlap with one pixel of slack.
                        if (c.runStart[p] <= x && c.runEnd[p] >= start) {
                            c.union(id, p);
                        }
                    }
                }
                prevFirst = first;
                prevCount = c.runs - first;
            }
            c.summarise();
            return c;
        }

        private int add(int y, int start, int end) {
            if (runs == parent.length) {
                int n = runs * 2;
                parent = Arrays.copyOf(parent, n);
                runRow = Arrays.copyOf(runRow, n);
                runStart = Arrays.copyOf(runStart, n);
                runEnd = Arrays.copyOf(runEnd, n);
            }
            parent[runs] = runs;
            runRow[runs] = y;
            runStart[runs] = start;
            runEnd[runs] = end;
            return runs++;
        }

        private int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        private void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }

        private void summarise() {
            rootIndex = new int[runs];
            Arrays.fill(rootIndex, -1);
            sizes = new ArrayList<>();
            List<int[]> b = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int r = find(i);
                if (rootIndex[r] < 0) {
                    rootIndex[r] = sizes.size();
                    sizes.add(0L);
                    b.add(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1});
                }
                int k = rootIndex[r];
                long len = runEnd[i] - runStart[i];
                sizes.set(k, sizes.get(k) + len);
                total += len;
                int[] box = b.get(k);
                box[0] = Math.min(box[0], runStart[i]);
                box[1] = Math.min(box[1], runRow[i]);
                box[2] = Math.max(box[2], runEnd[i]);
                box[3] = Math.max(box[3], runRow[i] + 1);
            }
            boxes = b.toArray(new int[0][]);
        }

        /** @return the index of the {@code rank}-th largest region (0 = largest) */
        int largest(int rank) {
            Integer[] order = new Integer[sizes.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (p, q) -> Long.compare(sizes.get(q), sizes.get(p)));
            return order[rank];
        }

        Box box(int k) {
            int[] b = boxes[k];
            return new Box(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        }

        Box union() {
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = -1;
            int y1 = -1;
            for (int[] b : boxes) {
                x0 = Math.min(x0, b[0]);
                y0 = Math.min(y0, b[1]);
                x1 = Math.max(x1, b[2]);
                y1 = Math.max(y1, b[3]);
            }
            return new Box(x0, y0, x1 - x0, y1 - y0);
        }
    }
}
