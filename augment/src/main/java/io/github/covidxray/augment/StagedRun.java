package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;

/**
 * Executes the drawn steps of one augmentation: consecutive geometric steps are composed and resampled once,
 * consecutive grey-level steps are composed into one lookup table, other steps run as they come.
 *
 * <p>Not thread-safe; one instance per image.
 */
final class StagedRun {

    private final XrayImage input;
    private final WarpOptions warpOptions;
    private Plane plane;
    private AffineMatrix pendingWarp;
    private PointLut pendingLut;

    StagedRun(XrayImage input, WarpOptions warpOptions) {
        this.input = input;
        this.warpOptions = warpOptions;
    }

    void add(Drawn drawn) {
        if (drawn instanceof Drawn.Warp warp) {
            flushLut();
            pendingWarp = pendingWarp == null ? warp.forward() : pendingWarp.then(warp.forward());
        } else if (drawn instanceof Drawn.Point point) {
            flushWarp();
            if (pendingLut == null) {
                pendingLut = new PointLut(plane());
            }
            pendingLut.then(point.function());
        } else {
            flushWarp();
            flushLut();
            plane = ((Drawn.Whole) drawn).kernel().apply(plane());
        }
    }

    /** @return the result; the input itself if nothing changed it */
    XrayImage finish() {
        flushWarp();
        flushLut();
        return plane == null ? input : plane.toImage(input.source());
    }

    private Plane plane() {
        if (plane == null) {
            plane = Plane.copyOf(input);
        }
        return plane;
    }

    private void flushWarp() {
        if (pendingWarp != null && !pendingWarp.isIdentity()) {
            plane = AffineWarp.warp(plane(), pendingWarp, warpOptions);
        }
        pendingWarp = null;
    }

    private void flushLut() {
        if (pendingLut != null) {
            pendingLut.applyInPlace();
        }
        pendingLut = null;
    }
}
