package io.github.covidxray.augment;

import java.util.Objects;

/**
 * How geometric warps resample: interpolation, border handling and the fill level for {@link Border#CONSTANT}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param interpolation how to sample between pixel centres
 * @param border what to read outside the image
 * @param fill the constant border level as a fraction of the image's maximum value, in {@code [0, 1]}
 */
public record WarpOptions(Interpolation interpolation, Border border, double fill) {

    private static final WarpOptions DEFAULTS = builder().build();

    /**
     * Validates the options.
     *
     * @param interpolation not null
     * @param border not null
     * @param fill in {@code [0, 1]}
     */
    public WarpOptions {
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(border, "border");
        if (!(fill >= 0 && fill <= 1)) {
            throw new IllegalArgumentException("fill must be a fraction in [0, 1], got " + fill);
        }
    }

    /** @return bilinear interpolation, constant black border */
    public static WarpOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param maxValue the image's maximum value
     * @return the fill level in grey levels of that image
     */
    int fillLevel(int maxValue) {
        return (int) Math.round(fill * maxValue);
    }

    /** Builds {@link WarpOptions}; not thread-safe. */
    public static final class Builder {
        private Interpolation interpolation = Interpolation.BILINEAR;
        private Border border = Border.CONSTANT;
        private double fill;

        private Builder() {}

        /**
         * @param interpolation how to sample (default bilinear)
         * @return this builder
         */
        public Builder optInterpolation(Interpolation interpolation) {
            this.interpolation = interpolation;
            return this;
        }

        /**
         * @param border what to read outside the image (default constant)
         * @return this builder
         */
        public Builder optBorder(Border border) {
            this.border = border;
            return this;
        }

        /**
         * @param fill the constant border level as a fraction of the maximum value (default 0, black)
         * @return this builder
         */
        public Builder optFill(double fill) {
            this.fill = fill;
            return this;
        }

        /** @return the options */
        public WarpOptions build() {
            return new WarpOptions(interpolation, border, fill);
        }
    }
}
