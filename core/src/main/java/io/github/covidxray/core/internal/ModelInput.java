package io.github.covidxray.core.internal;

import ai.djl.ndarray.types.Shape;

/**
 * A preprocessed batch on its way into a model: {@code size} images of {@code sampleShape} (C, H, W) in
 * NCHW order at the start of {@code data}, which may be longer (buffers are reused). Holds the caller's
 * array without copying, so it is only as immutable as that array.
 *
 * @param data the floats, at least {@code size * sampleShape.size()} of them
 * @param size the number of images
 * @param sampleShape the shape of one image, {@code (C, H, W)}
 */
public record ModelInput(float[] data, int size, Shape sampleShape) {

    /** Checks that {@code data} holds {@code size} images. */
    public ModelInput {
        if (sampleShape.dimension() != 3) {
            throw new IllegalArgumentException("sample shape must be (C, H, W), got " + sampleShape);
        }
        if (size < 1 || data.length < size * sampleShape.size()) {
            throw new IllegalArgumentException(size + " images of " + sampleShape + " need " + size * sampleShape.size()
                    + " floats, got " + data.length);
        }
    }

    /** @return the batch shape {@code (N, C, H, W)} */
    public Shape batchShape() {
        return new Shape(size, sampleShape.get(0), sampleShape.get(1), sampleShape.get(2));
    }

    /** @return the number of floats the batch occupies in {@link #data()} */
    public int length() {
        return Math.toIntExact(size * sampleShape.size());
    }
}
