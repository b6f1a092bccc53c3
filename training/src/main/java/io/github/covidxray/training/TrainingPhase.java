package io.github.covidxray.training;

/** The two phases of transfer learning. */
public enum TrainingPhase {
    /** Only the new head learns; the pretrained backbone is frozen, BatchNorm included. */
    HEAD,
    /** Everything learns, at a lower learning rate. */
    FINE_TUNE
}
