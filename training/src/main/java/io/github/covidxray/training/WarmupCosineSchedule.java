package io.github.covidxray.training;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate for one phase: linear warm-up from near zero to the peak, then a half cosine down to
 * {@code minFraction * peak}. The trainer sets the current step explicitly ({@link #setStep(int)}), so the
 * schedule does not depend on DJL's per-parameter update counters and resumes exactly from a checkpoint.
 * Not thread-safe: set and read from the training thread.
 */
final class WarmupCosineSchedule implements Tracker {

    private final float peak;
    private final int warmupSteps;
    private final int totalSteps;
    private final float floor;
    private int step;

    /**
     * @param peak the peak learning rate
     * @param totalSteps steps in the phase
     * @param warmupFraction share of steps for warm-up
     * @param minFraction the final rate as a share of the peak
     */
    WarmupCosineSchedule(float peak, int totalSteps, float warmupFraction, float minFraction) {
        this.peak = peak;
        this.totalSteps = Math.max(1, totalSteps);
        this.warmupSteps = Math.round(warmupFraction * this.totalSteps);
        this.floor = peak * minFraction;
    }

    /** @param step the 0-based step within the phase about to be taken */
    void setStep(int step) {
        this.step = step;
    }

    /**
     * @param s a 0-based step within the phase
     * @return the learning rate at that step
     */
    float rateAt(int s) {
        if (s < warmupSteps) {
            return peak * (s + 1) / (warmupSteps + 1);
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps - 1);
        double progress = Math.min(1.0, (s - warmupSteps) / (double) decaySteps);
        return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rateAt(step);
    }
}
