package io.github.covidxray.training;

/** How training compensates for classes of very different sizes (for example 1050 / 412 / 58 images). */
public enum ClassBalancing {
    /** Plain cross-entropy on the data as it is. */
    NONE,
    /**
     * Cross-entropy weighted per class by {@code n / (k * n_c)} (each class contributes equally to the loss);
     * every image is seen once per epoch. Default.
     */
    CLASS_WEIGHTS,
    /**
     * Each epoch draws as many images as the training set has, with replacement, every class equally likely;
     * rare images are seen several times per epoch (with different augmentations) and common ones not all.
     */
    BALANCED_SAMPLING
}
