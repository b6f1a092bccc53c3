package io.github.covidxray.training;

import java.time.Duration;
import java.util.Locale;

/**
 * Progress within an epoch, reported after every training step. Immutable.
 *
 * @param phase the current phase
 * @param epoch the 1-based epoch of the whole run
 * @param plannedEpochs the number of epochs planned for the whole run (early stopping may end it sooner)
 * @param step the 1-based step within the epoch
 * @param stepsInEpoch steps in this epoch
 * @param loss mean training loss so far in this epoch
 * @param accuracy training accuracy so far in this epoch
 * @param learningRate the learning rate of this step
 * @param imagesPerSecond training throughput so far in this epoch
 * @param epochEta estimated time to the end of this epoch's training steps
 * @param runEta estimated time to the end of the planned run, validation included
 */
public record StepProgress(TrainingPhase phase, int epoch, int plannedEpochs, int step, int stepsInEpoch,
        double loss, double accuracy, double learningRate, double imagesPerSecond, Duration epochEta,
        Duration runEta) {

    /** @return a one-line summary, for example {@code epoch 3/18 fine_tune loss 0.412 acc 0.871 ETA 0:02:31 (run 0:41:07)} */
    public String summary() {
        return String.format(Locale.ROOT, "epoch %d/%d %s loss %.3f acc %.3f %.1f img/s ETA %s (run %s)", epoch,
                plannedEpochs, phase.name().toLowerCase(Locale.ROOT), loss, accuracy, imagesPerSecond,
                clock(epochEta), clock(runEta));
    }

    static String clock(Duration d) {
        long s = d.getSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
