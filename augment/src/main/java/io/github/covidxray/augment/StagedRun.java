package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes the drawn steps of one augmentation in as few passes as possible: consecutive geometric steps are
 * composed into one affine map, the grey-level steps that follow them into one lookup table, and the pair is
 * applied in a single resampling pass that writes table values; other steps run as they come.
 *
 * <p>When a grey-level step needs the mean of the warped image, a sparse grid of the warp's output is computed
 * first ({@link AffineWarp#sampleGrid}): the same pixels {@link PointLut#forPlane} would count after a separate
 * warp, so fusing changes nothing in the result.
 *
 * <p>Not thread-safe; one instance per image.
 */
final class StagedRun {

    private final XrayImage input;
    private final WarpOptions warpOptions;
    private Plane plane;
    private AffineMatrix pendingWarp;
    private final List<PointFunction> pendingPoints = new ArrayList<>();

    StagedRun(XrayImage input, WarpOptions warpOptions) {
        this.input = input;
        this.warpOptions = warpOptions;
    }

    void add(Drawn drawn) {
        if (drawn instanceof Drawn.Warp warp) {
            if (!pendingPoints.isEmpty()) {
                flush();
            }
            pendingWarp = pendingWarp == null ? warp.forward() : pendingWarp.then(warp.forward());
        } else if (drawn instanceof Drawn.Point point) {
            pendingPoints.add(point.function());
        } else {
            flush();
            plane = ((Drawn.Whole) drawn).kernel().apply(plane());
        }
    }

    /** @return the result; the input itself if nothing changed it */
    XrayImage finish() {
        flush();
        return plane == null ? input : plane.toImage(input.source());
    }

    private Plane plane() {
        if (plane == null) {
            plane = Plane.copyOf(input);
        }
        return plane;
    }

    private void flush() {
        boolean warp = pendingWarp != null && !pendingWarp.isIdentity();
        if (warp && pendingPoints.isEmpty()) {
            plane = AffineWarp.warp(plane(), pendingWarp, warpOptions, null);
        } else if (warp) {
            Plane src = plane();
            AffineMatrix m = pendingWarp;
            PointLut lut = new PointLut(src.maxValue, () -> AffineWarp.sampleGrid(src, m, warpOptions,
                    PointLut.rowStride(src), PointLut.colStride(src)).histogram());
            pendingPoints.forEach(lut::then);
            plane = AffineWarp.warp(src, m, warpOptions, lut.table());
        } else if (!pendingPoints.isEmpty()) {
            PointLut lut = PointLut.forPlane(plane());
            pendingPoints.forEach(lut::then);
            plane.applyLut(lut.table());
        }
        pendingWarp = null;
        pendingPoints.clear();
    }
}
