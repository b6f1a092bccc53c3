package io.github.covidxray.training;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one epoch. Immutable.
 *
 * @param phase the phase it belonged to
 * @param epoch the 1-based epoch of the whole run
 * @param trainLoss mean training loss (as weighted for training)
 * @param trainAccuracy training accuracy (on augmented images, dropout on)
 * @param validation metrics on the validation set
 * @param learningRate the learning rate at the end of the epoch
 * @param duration wall time of training plus validation
 * @param best whether this epoch is the best so far (highest validation macro AUC)
 */
public record EpochResult(TrainingPhase phase, int epoch, double trainLoss, double trainAccuracy,
        ValidationMetrics validation, double learningRate, Duration duration, boolean best) {

    /** @return a one-line summary, for example {@code epoch 3 fine_tune: train loss 0.41 acc 0.87, val loss 0.38 acc 0.89 macro AUC 0.951 *} */
    public String summary() {
        return String.format(Locale.ROOT, "epoch %d %s: train loss %.3f acc %.3f, val loss %.3f acc %.3f macro AUC %.4f%s (%s)",
                epoch, phase.name().toLowerCase(Locale.ROOT), trainLoss, trainAccuracy, validation.loss(),
                validation.accuracy(), validation.macroAuc(), best ? " *best*" : "", StepProgress.clock(duration));
    }

    /** @return the values as a JSON-friendly map */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("phase", phase.name().toLowerCase(Locale.ROOT));
        m.put("train_loss", Double.isFinite(trainLoss) ? trainLoss : null);
        m.put("train_accuracy", Double.isFinite(trainAccuracy) ? trainAccuracy : null);
        m.put("learning_rate", learningRate);
        m.put("seconds", duration.toMillis() / 1000.0);
        m.put("validation", validation.toMap());
        m.put("best", best);
        return m;
    }
}
