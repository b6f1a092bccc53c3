package io.github.covidxray.core;

/**
 * Where an image lands in a model's input: the source region (in image pixels) that
 * {@link XrayPreprocessor} resamples, and the output rectangle (in input pixels) it fills; the rest of the
 * input is padding. Maps positions both ways, so outputs laid over the input (segmentation masks,
 * heatmaps) can be brought back to the image's own coordinates. Coordinates are continuous, pixel
 * {@code i} spanning {@code [i, i + 1)}. Immutable.
 *
 * @param regionX left edge of the source region, image pixels
 * @param regionY top edge of the source region
 * @param regionWidth its width
 * @param regionHeight its height
 * @param contentX left edge of the filled rectangle, input pixels
 * @param contentY top edge of the filled rectangle
 * @param contentWidth its width
 * @param contentHeight its height
 */
public record InputPlacement(double regionX, double regionY, double regionWidth, double regionHeight,
        int contentX, int contentY, int contentWidth, int contentHeight) {

    /**
     * The placement {@code spec} gives an image of the given size (the geometry of
     * {@link PreprocessingSpec.ResizeMode}).
     *
     * @param spec the preprocessing
     * @param width image width
     * @param height image height
     * @return the placement
     */
    public static InputPlacement of(PreprocessingSpec spec, int width, int height) {
        int outW = spec.width();
        int outH = spec.height();
        return switch (spec.resizeMode()) {
            case CENTER_CROP -> {
                double targetAspect = outW / (double) outH;
                if (width / (double) height > targetAspect) {
                    double regionW = height * targetAspect;
                    yield new InputPlacement((width - regionW) / 2, 0, regionW, height, 0, 0, outW, outH);
                }
                double regionH = width / targetAspect;
                yield new InputPlacement(0, (height - regionH) / 2, width, regionH, 0, 0, outW, outH);
            }
            case LETTERBOX -> {
                double scale = Math.min(outW / (double) width, outH / (double) height);
                int contentW = Math.max(1, Math.min(outW, (int) Math.round(width * scale)));
                int contentH = Math.max(1, Math.min(outH, (int) Math.round(height * scale)));
                yield new InputPlacement(0, 0, width, height, (outW - contentW) / 2, (outH - contentH) / 2,
                        contentW, contentH);
            }
            case STRETCH -> new InputPlacement(0, 0, width, height, 0, 0, outW, outH);
        };
    }

    /**
     * @param imageX a horizontal image coordinate
     * @return the input coordinate it lands on
     */
    public double toInputX(double imageX) {
        return contentX + (imageX - regionX) * contentWidth / regionWidth;
    }

    /**
     * @param imageY a vertical image coordinate
     * @return the input coordinate it lands on
     */
    public double toInputY(double imageY) {
        return contentY + (imageY - regionY) * contentHeight / regionHeight;
    }
}
