package io.github.covidxray.core;

/**
 * Where an image lands in a model's input under a {@link PreprocessingSpec}: which region of the image is
 * resampled ({@code CENTER_CROP} cuts the longer side) and where its content sits in the model input
 * ({@code LETTERBOX} pads around it). {@link XrayPreprocessor} resamples with it, and explanations map their
 * maps back onto the image as read with it, so both agree on the geometry. Immutable.
 *
 * <p>Coordinates are continuous pixel coordinates: pixel {@code i} covers {@code [i, i+1)}.
 *
 * @param imageWidth the image's width
 * @param imageHeight the image's height
 * @param regionX left edge of the image region that is resampled
 * @param regionY top edge of that region
 * @param regionW its width (image pixels)
 * @param regionH its height (image pixels)
 * @param contentX left edge of the content in the model input (0 unless letterboxed)
 * @param contentY top edge of the content in the model input
 * @param contentW the content's width in model-input pixels
 * @param contentH the content's height in model-input pixels
 */
public record InputGeometry(int imageWidth, int imageHeight, double regionX, double regionY, double regionW,
        double regionH, int contentX, int contentY, int contentW, int contentH) {

    /**
     * @param spec the preprocessing
     * @param imageWidth the image's width in pixels, at least 1
     * @param imageHeight the image's height in pixels, at least 1
     * @return the geometry
     */
    public static InputGeometry of(PreprocessingSpec spec, int imageWidth, int imageHeight) {
        int outW = spec.width();
        int outH = spec.height();
        int w = imageWidth;
        int h = imageHeight;
        int contentX = 0;
        int contentY = 0;
        int contentW = outW;
        int contentH = outH;
        double regionX = 0;
        double regionY = 0;
        double regionW = w;
        double regionH = h;
        switch (spec.resizeMode()) {
            case CENTER_CROP -> {
                double targetAspect = outW / (double) outH;
                if (w / (double) h > targetAspect) {
                    regionW = h * targetAspect;
                    regionX = (w - regionW) / 2;
                } else {
                    regionH = w / targetAspect;
                    regionY = (h - regionH) / 2;
                }
            }
            case LETTERBOX -> {
                double scale = Math.min(outW / (double) w, outH / (double) h);
                contentW = Math.max(1, Math.min(outW, (int) Math.round(w * scale)));
                contentH = Math.max(1, Math.min(outH, (int) Math.round(h * scale)));
                contentX = (outW - contentW) / 2;
                contentY = (outH - contentH) / 2;
            }
            case STRETCH -> { }
            default -> throw new IllegalStateException(spec.resizeMode().toString());
        }
        return new InputGeometry(w, h, regionX, regionY, regionW, regionH, contentX, contentY, contentW, contentH);
    }

    /**
     * The same geometry for an image that was cut out of a larger one: coordinates become those of the larger
     * image (used when the input was cropped to the lungs first).
     *
     * @param x the cut-out's left edge in the larger image
     * @param y its top edge
     * @param fullWidth the larger image's width
     * @param fullHeight the larger image's height
     * @return the geometry in the larger image's coordinates
     */
    public InputGeometry within(int x, int y, int fullWidth, int fullHeight) {
        if (x < 0 || y < 0 || x + imageWidth > fullWidth || y + imageHeight > fullHeight) {
            throw new IllegalArgumentException(imageWidth + "x" + imageHeight + " at (" + x + ", " + y
                    + ") does not fit in " + fullWidth + "x" + fullHeight);
        }
        return new InputGeometry(fullWidth, fullHeight, regionX + x, regionY + y, regionW, regionH, contentX, contentY,
                contentW, contentH);
    }

    /**
     * @param imageX an x coordinate in the image
     * @return the corresponding x coordinate in the model input (outside {@code [0, width)} when the image
     *     point was cropped away)
     */
    public double toInputX(double imageX) {
        return contentX + (imageX - regionX) * contentW / regionW;
    }

    /**
     * @param imageY a y coordinate in the image
     * @return the corresponding y coordinate in the model input
     */
    public double toInputY(double imageY) {
        return contentY + (imageY - regionY) * contentH / regionH;
    }

    /**
     * @param inputX an x coordinate in the model input
     * @return the corresponding x coordinate in the image
     */
    public double toImageX(double inputX) {
        return regionX + (inputX - contentX) * regionW / contentW;
    }

    /**
     * @param inputY a y coordinate in the model input
     * @return the corresponding y coordinate in the image
     */
    public double toImageY(double inputY) {
        return regionY + (inputY - contentY) * regionH / contentH;
    }

    /**
     * @param inputX an x coordinate in the model input
     * @param inputY a y coordinate in the model input
     * @return whether it lies on image content (not on letterbox padding)
     */
    public boolean onContent(double inputX, double inputY) {
        return inputX >= contentX && inputX < contentX + contentW && inputY >= contentY && inputY < contentY + contentH;
    }

    /**
     * Resamples a grid laid over the model input (for example class activation maps, {@code gridRows x
     * gridCols} cells over {@code inputWidth x inputHeight} pixels) onto a grid over the whole image as read:
     * each output cell takes the bilinear value at its centre's position in the model input, and 0 where that
     * position was cropped away or is letterbox padding.
     *
     * @param grid the input-space grid, row-major
     * @param gridRows its rows
     * @param gridCols its columns
     * @param inputWidth the model input's width in pixels
     * @param inputHeight the model input's height in pixels
     * @param rows output rows over the image
     * @param cols output columns over the image
     * @return {@code rows * cols} values, row-major, row 0 at the image's top
     */
    public float[] toImageGrid(float[] grid, int gridRows, int gridCols, int inputWidth, int inputHeight, int rows,
            int cols) {
        if (grid.length != gridRows * gridCols) {
            throw new IllegalArgumentException(gridRows + "x" + gridCols + " grid but " + grid.length + " values");
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double iy = toInputY((r + 0.5) * imageHeight / rows);
            for (int c = 0; c < cols; c++) {
                double ix = toInputX((c + 0.5) * imageWidth / cols);
                if (ix < 0 || iy < 0 || ix >= inputWidth || iy >= inputHeight || !onContent(ix, iy)) {
                    continue;
                }
                // Grid cell centres sit at (i + 0.5) * size / cells.
                double gy = clamp(iy * gridRows / inputHeight - 0.5, gridRows - 1);
                double gx = clamp(ix * gridCols / inputWidth - 0.5, gridCols - 1);
                int y0 = (int) Math.floor(gy);
                int x0 = (int) Math.floor(gx);
                int y1 = Math.min(y0 + 1, gridRows - 1);
                int x1 = Math.min(x0 + 1, gridCols - 1);
                double fy = gy - y0;
                double fx = gx - x0;
                double top = grid[y0 * gridCols + x0] * (1 - fx) + grid[y0 * gridCols + x1] * fx;
                double bottom = grid[y1 * gridCols + x0] * (1 - fx) + grid[y1 * gridCols + x1] * fx;
                out[r * cols + c] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
