package io.github.covidxray.training;

import io.github.covidxray.core.model.ModelBundle;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link ClassifierTrainer#train}. Immutable.
 *
 * @param bundle the written model bundle (weights of the best epoch)
 * @param bestEpoch the 1-based epoch whose weights were kept
 * @param validation validation metrics of the kept weights, recomputed after loading them
 * @param epochs the epochs run in this call (a resumed run lists only the new ones)
 * @param stoppedEarly whether early stopping ended the run
 * @param duration wall time of this call
 */
public record TrainingResult(ModelBundle bundle, int bestEpoch, ValidationMetrics validation,
        List<EpochResult> epochs, boolean stoppedEarly, Duration duration) {

    /** Copies the list. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }
}
