package io.github.covidxray.cli.serve;

/**
 * Finds a byte pattern in a byte array in linear time (Knuth-Morris-Pratt), so a hostile body cannot
 * make boundary search quadratic. Immutable and thread-safe.
 */
final class ByteSearch {

    private final byte[] pattern;
    private final int[] fallback;

    ByteSearch(byte[] pattern) {
        if (pattern.length == 0) {
            throw new IllegalArgumentException("empty pattern");
        }
        this.pattern = pattern.clone();
        this.fallback = new int[pattern.length];
        // fallback[i]: length of the longest proper prefix of pattern[0..i] that is also its suffix.
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = fallback[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            fallback[i] = k;
        }
    }

    /**
     * @param data where to search
     * @param from the first index to consider
     * @param to one past the last index to consider
     * @return the index of the first occurrence in {@code [from, to)}, or -1
     */
    int indexOf(byte[] data, int from, int to) {
        for (int i = from, k = 0; i < to; i++) {
            while (k > 0 && data[i] != pattern[k]) {
                k = fallback[k - 1];
            }
            if (data[i] == pattern[k]) {
                k++;
            }
            if (k == pattern.length) {
                return i - k + 1;
            }
        }
        return -1;
    }

    int length() {
        return pattern.length;
    }
}
