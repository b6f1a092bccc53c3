package io.github.covidxray.core;

/**
 * Limits and choices for reading images, an immutable value built with {@link #builder()}.
 *
 * <p>Colour images are converted to luminance as {@code Y = 0.299 R + 0.587 G + 0.114 B}
 * (ITU-R BT.601, the weights PIL's {@code convert("L")} uses), rounded to the nearest integer, at the
 * image's own bit depth; an alpha channel is ignored.
 *
 * @param maxPixels images with more than this many pixels (width x height) are rejected from their
 *     header, before any pixel memory is allocated: the guard against decompression bombs
 * @param minSide images whose width or height is below this are rejected as not plausibly an X-ray
 * @param frame the frame to read from a multi-frame file (DICOM), 0-based
 * @param applyVoiWindow for DICOM: map pixels through the file's VOI window (center/width) instead of
 *     keeping the full stored range
 */
public record ReadOptions(long maxPixels, int minSide, int frame, boolean applyVoiWindow) {

    /** The default pixel limit: 100 megapixels, far above any chest X-ray detector (about 9 MP). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** The default minimum width and height. */
    public static final int DEFAULT_MIN_SIDE = 16;

    private static final ReadOptions DEFAULTS = builder().build();

    /** Validates the values. */
    public ReadOptions {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (minSide < 1) {
            throw new IllegalArgumentException("minSide must be at least 1, got " + minSide);
        }
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, got " + frame);
        }
    }

    /** @return the default options */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Checks an image size against {@link #maxPixels()} and {@link #minSide()}, from a header, before any
     * pixel memory is allocated.
     *
     * @param format the format name for the message, for example {@code PNG} or {@code DICOM}
     * @param width the width in pixels
     * @param height the height in pixels
     * @return what is wrong with the size (naming the limit), or {@code null} if it is acceptable
     */
    public String sizeProblem(String format, long width, long height) {
        if (width * height > maxPixels) {
            return format + " of " + width + "x" + height + " = " + (width * height) + " pixels exceeds the limit of "
                    + maxPixels + " pixels (ReadOptions.maxPixels)";
        }
        if (width < minSide || height < minSide) {
            return format + " of " + width + "x" + height + " pixels is too small: expected at least " + minSide
                    + "x" + minSide + " (ReadOptions.minSide)";
        }
        return null;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxPixels = maxPixels;
        b.minSide = minSide;
        b.frame = frame;
        b.applyVoiWindow = applyVoiWindow;
        return b;
    }

    /** Builds {@link ReadOptions}; every setting is optional. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private int minSide = DEFAULT_MIN_SIDE;
        private int frame;
        private boolean applyVoiWindow;

        private Builder() {}

        /**
         * @param maxPixels the largest accepted width x height
         * @return this builder
         */
        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /**
         * @param minSide the smallest accepted width and height
         * @return this builder
         */
        public Builder optMinSide(int minSide) {
            this.minSide = minSide;
            return this;
        }

        /**
         * @param frame the 0-based frame of a multi-frame file to read
         * @return this builder
         */
        public Builder optFrame(int frame) {
            this.frame = frame;
            return this;
        }

        /**
         * @param apply whether to apply a DICOM file's VOI window
         * @return this builder
         */
        public Builder optApplyVoiWindow(boolean apply) {
            this.applyVoiWindow = apply;
            return this;
        }

        /** @return the options */
        public ReadOptions build() {
            return new ReadOptions(maxPixels, minSide, frame, applyVoiWindow);
        }
    }
}
