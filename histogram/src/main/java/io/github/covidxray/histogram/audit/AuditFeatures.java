package io.github.covidxray.histogram.audit;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The features the shortcut audit learns from, all bit-depth free: every {@link Statistic} on the unit
 * scale, a coarse {@value #HISTOGRAM_BINS}-bin normalised histogram, and a
 * {@value #THUMBNAIL_SIDE}x{@value #THUMBNAIL_SIDE} area-averaged thumbnail of the whole image (which
 * carries layout cues: borders, text corners, collimation). Stateless and thread-safe.
 */
public final class AuditFeatures {

    /** Bins of the coarse histogram feature. */
    public static final int HISTOGRAM_BINS = 32;

    /** Side of the thumbnail feature, in pixels. */
    public static final int THUMBNAIL_SIDE = 16;

    private static final List<String> NAMES = buildNames();

    private AuditFeatures() {}

    /** @return the feature names, in vector order */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * @param withThumbnail whether the thumbnail features are included
     * @return the feature names, in vector order
     */
    public static List<String> names(boolean withThumbnail) {
        return withThumbnail ? NAMES : NAMES.subList(0, NAMES.size() - THUMBNAIL_SIDE * THUMBNAIL_SIDE);
    }

    /**
     * Extracts the features of one image.
     *
     * @param image the image
     * @param histogram its histogram (from any region)
     * @return a vector of {@code names().size()} features
     */
    public static float[] extract(XrayImage image, ImageHistogram histogram) {
        return extract(image, histogram, true);
    }

    /**
     * Extracts the features of one image, with or without the thumbnail. Without it, every feature comes from
     * the histogram's region alone: use that for a region found per image (the lungs), where a thumbnail of the
     * whole image would bring back what lies outside.
     *
     * @param image the image
     * @param histogram its histogram (from any region)
     * @param withThumbnail whether to append the {@value #THUMBNAIL_SIDE}x{@value #THUMBNAIL_SIDE} thumbnail
     * @return a vector of {@code names(withThumbnail).size()} features
     */
    public static float[] extract(XrayImage image, ImageHistogram histogram, boolean withThumbnail) {
        float[] f = new float[names(withThumbnail).size()];
        int k = 0;
        for (Statistic s : Statistic.values()) {
            f[k++] = (float) s.ofUnitScale(histogram.stats(), histogram.maxValue());
        }
        double inv = 1.0 / histogram.total();
        int from = histogram.bins();
        for (int b = 0; b < from; b++) {
            f[k + (int) ((long) b * HISTOGRAM_BINS / from)] += (float) (histogram.count(b) * inv);
        }
        k += HISTOGRAM_BINS;
        if (!withThumbnail) {
            return f;
        }
        float[] thumb = thumbnail(image, THUMBNAIL_SIDE);
        System.arraycopy(thumb, 0, f, k, thumb.length);
        return f;
    }

    /**
     * Shrinks an image to {@code side x side} by averaging the pixels of each cell, scaled to {@code [0, 1]}.
     *
     * @param image the image, at least {@code side} pixels wide and high
     * @param side the thumbnail side
     * @return {@code side * side} values, row-major
     * @throws IllegalArgumentException if the image is smaller than the thumbnail
     */
    public static float[] thumbnail(XrayImage image, int side) {
        int w = image.width();
        int h = image.height();
        if (w < side || h < side) {
            throw new IllegalArgumentException(image.source() + ": expected at least " + side + "x" + side
                    + " pixels for the thumbnail, found " + w + "x" + h);
        }
        int[] cellOfColumn = new int[w];
        for (int x = 0; x < w; x++) {
            cellOfColumn[x] = (int) ((long) x * side / w);
        }
        long[] sums = new long[side * side];
        long[] rowSums = new long[side];
        int[] row = new int[w];
        byte[] row8 = image.is8Bit() ? new byte[w] : null;
        short[] row16 = image.is8Bit() ? null : new short[w];
        ByteBuffer px8 = image.is8Bit() ? image.pixels8() : null;
        ShortBuffer px16 = image.is8Bit() ? null : image.pixels16();
        for (int y = 0; y < h; y++) {
            if (row8 != null) {
                px8.get(y * w, row8, 0, w);
                for (int x = 0; x < w; x++) {
                    row[x] = row8[x] & 0xFF;
                }
            } else {
                px16.get(y * w, row16, 0, w);
                for (int x = 0; x < w; x++) {
                    row[x] = row16[x] & 0xFFFF;
                }
            }
            java.util.Arrays.fill(rowSums, 0);
            for (int x = 0; x < w; x++) {
                rowSums[cellOfColumn[x]] += row[x];
            }
            int base = (int) ((long) y * side / h) * side;
            for (int c = 0; c < side; c++) {
                sums[base + c] += rowSums[c];
            }
        }
        float[] out = new float[side * side];
        for (int cy = 0; cy < side; cy++) {
            long rows = cellSize(cy, side, h);
            for (int cx = 0; cx < side; cx++) {
                long cells = rows * cellSize(cx, side, w);
                out[cy * side + cx] = (float) (sums[cy * side + cx] / (double) cells / image.maxValue());
            }
        }
        return out;
    }

    /** The number of pixels along one axis whose {@code floor(i * side / n)} is {@code cell}. */
    private static long cellSize(int cell, int side, int n) {
        return firstOf(cell + 1, side, n) - firstOf(cell, side, n);
    }

    private static long firstOf(int cell, int side, int n) {
        // smallest i with floor(i * side / n) >= cell
        return ((long) cell * n + side - 1) / side;
    }

    private static List<String> buildNames() {
        List<String> names = new ArrayList<>();
        for (Statistic s : Statistic.values()) {
            names.add(s.key());
        }
        for (int b = 0; b < HISTOGRAM_BINS; b++) {
            names.add(String.format(Locale.ROOT, "hist_%02d", b));
        }
        for (int y = 0; y < THUMBNAIL_SIDE; y++) {
            for (int x = 0; x < THUMBNAIL_SIDE; x++) {
                names.add(String.format(Locale.ROOT, "thumb_%02d_%02d", y, x));
            }
        }
        return List.copyOf(names);
    }
}
