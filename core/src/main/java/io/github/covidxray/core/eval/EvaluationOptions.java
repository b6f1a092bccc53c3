package io.github.covidxray.core.eval;

/**
 * Settings of an {@link Evaluator} run, an immutable value built with {@link #builder()}. Thread-safe.
 *
 * @param bootstrapResamples resamples for confidence intervals; 0 computes point estimates only
 * @param seed the seed of the bootstrap, so reports are reproducible
 * @param confidenceLevel the coverage of the intervals, in (0, 1)
 * @param calibrationBins bins of the expected calibration error
 * @param targetSensitivity the sensitivity the operating point must reach, in (0, 1]
 * @param positiveLabel the class whose probability the operating point thresholds; null for
 *     {@value #DEFAULT_POSITIVE_LABEL} when that is a label, else the first label
 */
public record EvaluationOptions(int bootstrapResamples, long seed, double confidenceLevel, int calibrationBins,
        double targetSensitivity, String positiveLabel) {

    /** The default number of bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /** The default bootstrap seed. */
    public static final long DEFAULT_SEED = 42;

    /** The default confidence level. */
    public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

    /** The default target sensitivity of the operating point. */
    public static final double DEFAULT_TARGET_SENSITIVITY = 0.95;

    /** The class the operating point is for by default, when present. */
    public static final String DEFAULT_POSITIVE_LABEL = "covid";

    private static final EvaluationOptions DEFAULTS = builder().build();

    /** Validates the values. */
    public EvaluationOptions {
        if (bootstrapResamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples: expected >= 0, found " + bootstrapResamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level: expected a value in (0, 1), found " + confidenceLevel);
        }
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibration bins: expected >= 1, found " + calibrationBins);
        }
        if (!(targetSensitivity > 0 && targetSensitivity <= 1)) {
            throw new IllegalArgumentException("target sensitivity: expected a value in (0, 1], found "
                    + targetSensitivity);
        }
    }

    /** @return the default options */
    public static EvaluationOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EvaluationOptions}; every setting is optional. */
    public static final class Builder {
        private int bootstrapResamples = DEFAULT_RESAMPLES;
        private long seed = DEFAULT_SEED;
        private double confidenceLevel = DEFAULT_CONFIDENCE_LEVEL;
        private int calibrationBins = Calibration.DEFAULT_BINS;
        private double targetSensitivity = DEFAULT_TARGET_SENSITIVITY;
        private String positiveLabel;

        private Builder() {}

        /**
         * @param resamples bootstrap resamples, 0 for none
         * @return this builder
         */
        public Builder optBootstrapResamples(int resamples) {
            this.bootstrapResamples = resamples;
            return this;
        }

        /**
         * @param seed the bootstrap seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param level the interval coverage, for example 0.95
         * @return this builder
         */
        public Builder optConfidenceLevel(double level) {
            this.confidenceLevel = level;
            return this;
        }

        /**
         * @param bins the number of calibration bins
         * @return this builder
         */
        public Builder optCalibrationBins(int bins) {
            this.calibrationBins = bins;
            return this;
        }

        /**
         * @param sensitivity the sensitivity the operating point must reach
         * @return this builder
         */
        public Builder optTargetSensitivity(double sensitivity) {
            this.targetSensitivity = sensitivity;
            return this;
        }

        /**
         * @param label the class of the operating point; must be one of the evaluated labels
         * @return this builder
         */
        public Builder optPositiveLabel(String label) {
            this.positiveLabel = label;
            return this;
        }

        /** @return the options */
        public EvaluationOptions build() {
            return new EvaluationOptions(bootstrapResamples, seed, confidenceLevel, calibrationBins, targetSensitivity,
                    positiveLabel);
        }
    }
}
