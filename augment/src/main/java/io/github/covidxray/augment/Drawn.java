package io.github.covidxray.augment;

import java.util.function.UnaryOperator;

/**
 * What a step drew for one image, by kind, so that the pipeline can merge consecutive geometric steps into one
 * warp and consecutive grey-level steps into one lookup table.
 */
sealed interface Drawn {

    /** @return the record of what was drawn */
    AppliedOp op();

    /** A geometric step: an affine map, resampled together with its geometric neighbours. */
    record Warp(AppliedOp op, AffineMatrix forward) implements Drawn {}

    /** A grey-level step: a mapping, merged into one lookup table with its grey-level neighbours. */
    record Point(AppliedOp op, PointFunction function) implements Drawn {}

    /** Any other step: a kernel that may modify the plane it is given and returns the result. */
    record Whole(AppliedOp op, UnaryOperator<Plane> kernel) implements Drawn {}

    /** Draws the parameters of one step. */
    @FunctionalInterface
    interface Drawer {
        /**
         * @param random the generator of the current sample
         * @param width image width
         * @param height image height
         * @return what was drawn
         */
        Drawn draw(java.util.random.RandomGenerator random, int width, int height);
    }
}
