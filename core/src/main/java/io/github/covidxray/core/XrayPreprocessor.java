package io.github.covidxray.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Turns {@link XrayImage}s into model input as a {@link PreprocessingSpec} says: a {@code float[]} in
 * CHW order, a batch in NCHW order, or a DJL {@link NDArray}.
 *
 * <p>Resampling is separable: a vertical pass over whole source rows (contiguous, so the JIT vectorises
 * it) followed by a horizontal pass over the few output rows. Scratch buffers are per thread and reused.
 * Instances are immutable and thread-safe: share one per spec.
 */
public final class XrayPreprocessor {

    private final PreprocessingSpec spec;
    private final float[] channelScale;
    private final float[] channelOffset;
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * @param spec the preprocessing to apply
     */
    public XrayPreprocessor(PreprocessingSpec spec) {
        this.spec = spec;
        this.channelScale = new float[spec.channels()];
        this.channelOffset = new float[spec.channels()];
        for (int c = 0; c < spec.channels(); c++) {
            // model input = u * scale + offset
            switch (spec.normalization()) {
                case IMAGENET -> {
                    float mean = spec.channels() == 3 ? PreprocessingSpec.IMAGENET_MEAN[c] : avg(PreprocessingSpec.IMAGENET_MEAN);
                    float std = spec.channels() == 3 ? PreprocessingSpec.IMAGENET_STD[c] : avg(PreprocessingSpec.IMAGENET_STD);
                    channelScale[c] = 1f / std;
                    channelOffset[c] = -mean / std;
                }
                case UNIT -> {
                    channelScale[c] = 1f;
                    channelOffset[c] = 0f;
                }
                case SYMMETRIC -> {
                    channelScale[c] = 2f;
                    channelOffset[c] = -1f;
                }
                case XRV -> {
                    channelScale[c] = 2048f;
                    channelOffset[c] = -1024f;
                }
                default -> throw new IllegalStateException(spec.normalization().toString());
            }
        }
    }

    private static float avg(float[] v) {
        return (v[0] + v[1] + v[2]) / 3f;
    }

    /** @return the spec this preprocessor applies */
    public PreprocessingSpec spec() {
        return spec;
    }

    /**
     * @param image an image
     * @return where it lands in the model input under this spec
     */
    public InputGeometry geometry(XrayImage image) {
        return InputGeometry.of(spec, image.width(), image.height());
    }

    /** @return the shape of one preprocessed image: {@code {channels, height, width}} */
    public Shape sampleShape() {
        return new Shape(spec.channels(), spec.height(), spec.width());
    }

    /**
     * @param image the image
     * @return a new array of {@link PreprocessingSpec#sampleSize()} floats, CHW
     */
    public float[] toChw(XrayImage image) {
        float[] out = new float[spec.sampleSize()];
        toChw(image, out, 0);
        return out;
    }

    /**
     * Writes one preprocessed image into {@code dst} at {@code offset}, without allocating (after the
     * first call on a thread).
     *
     * @param image the image
     * @param dst the destination, with room for {@link PreprocessingSpec#sampleSize()} floats at offset
     * @param offset where to write
     */
    public void toChw(XrayImage image, float[] dst, int offset) {
        if (dst.length - offset < spec.sampleSize()) {
            throw new IllegalArgumentException("destination has " + (dst.length - offset) + " floats from offset "
                    + offset + ", needs " + spec.sampleSize());
        }
        XrayImage source = enhance(image);
        int plane = spec.width() * spec.height();
        resampleToUnit(source, dst, offset);
        // Channel 0 is normalised in place; the others are computed from it before it changes.
        for (int c = spec.channels() - 1; c >= 0; c--) {
            float scale = channelScale[c];
            float shift = channelOffset[c];
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                dst[base + i] = dst[offset + i] * scale + shift;
            }
        }
    }

    /**
     * Preprocesses a batch into one NCHW buffer.
     *
     * @param images the images, in order
     * @param reuse a buffer to reuse when it is large enough, or {@code null}
     * @return {@code reuse} or a new array, holding {@code images.size() * sampleSize()} floats
     */
    public float[] toBatch(List<XrayImage> images, float[] reuse) {
        int n = spec.sampleSize();
        float[] out = reuse != null && reuse.length >= images.size() * n ? reuse : new float[images.size() * n];
        for (int i = 0; i < images.size(); i++) {
            toChw(images.get(i), out, i * n);
        }
        return out;
    }

    /**
     * Preprocesses a batch into an {@link NDArray} of shape {@code (N, C, H, W)} owned by {@code manager}.
     * Works with every DJL engine, including ONNX Runtime (no engine operators are used).
     *
     * @param manager the manager that will own the array; close it to free the native memory
     * @param images the images
     * @return the batch
     */
    public NDArray toNDArray(NDManager manager, List<XrayImage> images) {
        float[] batch = toBatch(images, null);
        return manager.create(FloatBuffer.wrap(batch, 0, images.size() * spec.sampleSize()),
                new Shape(images.size(), spec.channels(), spec.height(), spec.width()));
    }

    private XrayImage enhance(XrayImage image) {
        return switch (spec.contrast()) {
            case NONE -> image;
            case EQUALIZE -> ContrastEnhancement.equalize(image);
            case CLAHE -> ContrastEnhancement.clahe(image, spec.claheClipLimit(), spec.claheTiles());
            case GAMMA -> ContrastEnhancement.gamma(image, spec.gamma());
        };
    }

    /** Resamples into channel 0 of {@code dst}, intensities scaled to [0, 1]. */
    private void resampleToUnit(XrayImage image, float[] dst, int offset) {
        int outW = spec.width();
        int outH = spec.height();
        int w = image.width();
        int h = image.height();
        InputGeometry g = InputGeometry.of(spec, w, h);
        int contentX = g.contentX();
        int contentY = g.contentY();
        int contentW = g.contentW();
        int contentH = g.contentH();
        double regionX = g.regionX();
        double regionY = g.regionY();
        double regionW = g.regionW();
        double regionH = g.regionH();
        ResampleKernel kx = ResampleKernel.of(w, regionX, regionW, contentW, spec.resampling());
        ResampleKernel ky = ResampleKernel.of(h, regionY, regionH, contentH, spec.resampling());
        int x0 = kx.minInput;
        int span = kx.maxInput - x0;
        float[][] bufs = scratch.get();
        if (bufs[0].length < contentH * span) {
            bufs[0] = new float[contentH * span];
        }
        float[] rows = bufs[0];
        float inv = 1f / image.maxValue();

        // Vertical pass: contentH rows of `span` source columns, each a weighted sum of whole source rows.
        if (image.is8Bit()) {
            byte[] src = image.unsafeData8();
            for (int r = 0; r < contentH; r++) {
                int base = r * span;
                java.util.Arrays.fill(rows, base, base + span, 0f);
                for (int k = 0; k < ky.count[r]; k++) {
                    float wk = ky.weights[r * ky.taps + k] * inv;
                    int s = (ky.start[r] + k) * w + x0;
                    for (int x = 0; x < span; x++) {
                        rows[base + x] += wk * (src[s + x] & 0xFF);
                    }
                }
            }
        } else {
            short[] src = image.unsafeData16();
            for (int r = 0; r < contentH; r++) {
                int base = r * span;
                java.util.Arrays.fill(rows, base, base + span, 0f);
                for (int k = 0; k < ky.count[r]; k++) {
                    float wk = ky.weights[r * ky.taps + k] * inv;
                    int s = (ky.start[r] + k) * w + x0;
                    for (int x = 0; x < span; x++) {
                        rows[base + x] += wk * (src[s + x] & 0xFFFF);
                    }
                }
            }
        }

        if (contentW != outW || contentH != outH) {
            java.util.Arrays.fill(dst, offset, offset + outW * outH, 0f);
        }
        // Horizontal pass: a few taps per output pixel.
        for (int r = 0; r < contentH; r++) {
            int base = r * span - x0;
            int out = offset + (contentY + r) * outW + contentX;
            for (int c = 0; c < contentW; c++) {
                int s = base + kx.start[c];
                int wBase = c * kx.taps;
                float acc = 0f;
                for (int k = 0; k < kx.count[c]; k++) {
                    acc += kx.weights[wBase + k] * rows[s + k];
                }
                dst[out + c] = acc;
            }
        }
    }
}
