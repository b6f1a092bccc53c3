package io.github.covidxray.augment;

/** How a geometric warp samples the source image between pixel centres. */
public enum Interpolation {
    /** The nearest source pixel: keeps the original grey levels exactly, blocky when zooming in. */
    NEAREST,
    /** Weighted mean of the four surrounding pixels: smooth, the usual choice for augmentation. */
    BILINEAR
}
