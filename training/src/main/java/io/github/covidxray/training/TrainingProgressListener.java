package io.github.covidxray.training;

import io.github.covidxray.core.ProgressListener;

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

    /**
     * Feeds a core {@link ProgressListener} (such as the CLI's progress bar): one bar per epoch, its message
     * the loss, accuracy and ETA; at the end of each epoch the validation result.
     *
     * @param bar the progress listener
     * @return the adapter
     */
    static TrainingProgressListener of(ProgressListener bar) {
        return new TrainingProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                bar.progress(p.step(), p.stepsInEpoch(), p.summary());
            }

            @Override
            public void onEpoch(EpochResult r) {
                bar.progress(1, 1, r.summary());
            }
        };
    }
}
