package io.github.covidxray.augment;

/** What a geometric warp reads where it samples outside the source image. */
public enum Border {
    /** A constant grey level ({@link WarpOptions#fill()}), black by default, like a collimated film edge. */
    CONSTANT,
    /** The nearest edge pixel, repeated outwards. */
    EDGE,
    /** The image mirrored at its edges, the edge pixel repeated once ({@code cba|abcd|dcb}). */
    REFLECT;

    /**
     * Maps a possibly out-of-range pixel index into {@code [0, n)}.
     *
     * @param i the index
     * @param n the number of pixels along the axis
     * @return the index to read, or -1 for {@link #CONSTANT} outside the image
     */
    int map(long i, int n) {
        if (i >= 0 && i < n) {
            return (int) i;
        }
        switch (this) {
            case EDGE:
                return i < 0 ? 0 : n - 1;
            case REFLECT:
                long m = Math.floorMod(i, 2L * n);
                return (int) (m < n ? m : 2L * n - 1 - m);
            default:
                return -1;
        }
    }
}
