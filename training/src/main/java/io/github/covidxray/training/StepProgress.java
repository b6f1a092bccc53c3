package io.github.covidxray.training;

import java.time.Duration;

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
        Duration runEta) {}
