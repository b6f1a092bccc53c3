package io.github.covidxray.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run is about to do, reported to {@link TrainingProgressListener#onStart}. Immutable.
 *
 * @param labels class labels in output order
 * @param trainCounts training images per label
 * @param validationCounts validation images per label
 * @param headEpochs epochs with the backbone frozen (0 when skipped)
 * @param fineTuneEpochs maximum epochs of fine-tuning
 * @param stepsPerEpoch training steps per epoch
 * @param firstEpoch the 1-based epoch the run starts at (above 1 when resuming)
 * @param parameters learnable weights in the network
 */
public record TrainingPlan(List<String> labels, Map<String, Integer> trainCounts, Map<String, Integer> validationCounts,
        int headEpochs, int fineTuneEpochs, int stepsPerEpoch, int firstEpoch, long parameters) {

    /** Copies the collections. */
    public TrainingPlan {
        labels = List.copyOf(labels);
        trainCounts = Collections.unmodifiableMap(new LinkedHashMap<>(trainCounts));
        validationCounts = Collections.unmodifiableMap(new LinkedHashMap<>(validationCounts));
    }

    /** @return epochs planned in total */
    public int plannedEpochs() {
        return headEpochs + fineTuneEpochs;
    }
}
