package io.github.covidxray.core;

import java.util.Arrays;

/**
 * A grid of importance values laid over a whole input image as it was read (row 0 at the top, column 0 at
 * the left; any crop or letterbox the model's preprocessing applied is already undone). Cell {@code (r, c)}
 * covers the image rows {@code [r*H/rows, (r+1)*H/rows)} and columns {@code [c*W/cols, (c+1)*W/cols)}. Values
 * are {@code >= 0}; larger means more important for the explained class. Immutable.
 */
public final class Heatmap {

    private final int rows;
    private final int cols;
    private final float[] values;

    /**
     * @param rows the number of rows, at least 1
     * @param cols the number of columns, at least 1
     * @param values {@code rows * cols} non-negative finite values, row-major (copied)
     * @throws IllegalArgumentException if sizes disagree or a value is negative or not finite
     */
    public Heatmap(int rows, int cols, float[] values) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a heatmap needs at least 1x1 cells, got " + rows + "x" + cols);
        }
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(rows + "x" + cols + " cells but " + values.length + " values");
        }
        for (float v : values) {
            if (!(v >= 0) || !Float.isFinite(v)) {
                throw new IllegalArgumentException("heatmap values must be finite and >= 0, found " + v);
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values.clone();
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int cols() {
        return cols;
    }

    /**
     * @param row the row, 0 at the top
     * @param col the column, 0 at the left
     * @return the cell's value
     */
    public float value(int row, int col) {
        return values[row * cols + col];
    }

    /** @return a copy of the values, row-major */
    public float[] values() {
        return values.clone();
    }

    /** @return the largest value (0 for an all-zero map) */
    public float max() {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Heatmap h && h.rows == rows && h.cols == cols && Arrays.equals(h.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Heatmap[" + rows + "x" + cols + ", max " + max() + "]";
    }
}
