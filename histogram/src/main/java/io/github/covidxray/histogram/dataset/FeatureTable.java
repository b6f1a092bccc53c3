package io.github.covidxray.histogram.dataset;

import java.util.List;

/**
 * Per-image feature vectors for the shortcut audit, aligned with {@link DatasetAnalysis#images()}. The
 * arrays are shared, not copied: treat them as read-only. Immutable by contract.
 *
 * @param names one name per feature column
 * @param rows one feature vector per image
 * @param labels one class label per image
 * @param groups one group per image (the patient id, or the file when unknown) for grouped cross-validation
 */
public record FeatureTable(List<String> names, float[][] rows, String[] labels, String[] groups) {

    /** Validates the shapes. */
    public FeatureTable {
        names = List.copyOf(names);
        if (rows.length != labels.length || rows.length != groups.length) {
            throw new IllegalArgumentException("rows, labels and groups differ in length: " + rows.length + ", "
                    + labels.length + ", " + groups.length);
        }
        for (float[] r : rows) {
            if (r.length != names.size()) {
                throw new IllegalArgumentException("expected " + names.size() + " features per row, found " + r.length);
            }
        }
    }

    /** @return the number of images */
    public int size() {
        return rows.length;
    }

    /** @return the number of features */
    public int width() {
        return names.size();
    }

    /**
     * @param n how many leading feature columns to keep
     * @return a table of the same images with only those columns (copied)
     * @throws IllegalArgumentException if {@code n} is not in {@code 1..width()}
     */
    public FeatureTable firstColumns(int n) {
        if (n < 1 || n > names.size()) {
            throw new IllegalArgumentException("can keep 1.." + names.size() + " columns, not " + n);
        }
        float[][] kept = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            kept[i] = java.util.Arrays.copyOf(rows[i], n);
        }
        return new FeatureTable(names.subList(0, n), kept, labels, groups);
    }
}
