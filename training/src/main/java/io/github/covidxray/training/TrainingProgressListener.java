package io.github.covidxray.training;

/**
 * Receives progress of a training run, on the training thread; keep the callbacks quick. All methods do
 * nothing by default. A listener that throws aborts the run.
 */
public interface TrainingProgressListener {

    /**
     * Called once before the first step.
     *
     * @param plan what is about to happen
     */
    default void onStart(TrainingPlan plan) {}

    /**
     * Called after every training step.
     *
     * @param progress the progress
     */
    default void onStep(StepProgress progress) {}

    /**
     * Called after each epoch's validation.
     *
     * @param result the epoch's outcome
     */
    default void onEpoch(EpochResult result) {}

    /**
     * Called when training stops early.
     *
     * @param epoch the last epoch run
     * @param reason why
     */
    default void onEarlyStop(int epoch, String reason) {}
}
