package io.github.covidxray.core.dicom;

import io.github.covidxray.core.XrayImage;
import java.util.Arrays;

/**
 * Turns stored samples into an unsigned {@link XrayImage} with bone bright. See {@link DicomReader} for
 * the mapping; grayscale goes through a lookup table indexed by the stored bit pattern, so the per-pixel
 * work is one mask and one array read.
 */
final class PixelMapper {

    private PixelMapper() {}

    /**
     * @param window the VOI window to apply, or {@code null} for the full stored range
     */
    static XrayImage toImage(RawFrame raw, PixelModule m, VoiWindow window, String source) {
        int bits = m.bitsStored();
        int outBits = outputBits(bits);
        int n = m.rows() * m.columns();
        int mask = (1 << bits) - 1;
        short[] lut;
        if (m.monochrome()) {
            lut = grayLut(m, window, outBits);
        } else {
            lut = colourLut(bits, outBits);
            if (raw.samplesPerPixel() == 3) {
                raw = raw.rgb() ? luma(raw, n, mask) : firstSample(raw, n);
            }
        }
        int shift = raw.shift();
        if (outBits == 8) {
            byte[] out = new byte[n];
            if (raw.bytes() != null) {
                byte[] in = raw.bytes();
                for (int i = 0; i < n; i++) {
                    int p = (in[i] & 0xFF) >>> shift & mask;
                    out[i] = (byte) (lut == null ? p : lut[p]);
                }
            } else {
                short[] in = raw.shorts();
                for (int i = 0; i < n; i++) {
                    int p = (in[i] & 0xFFFF) >>> shift & mask;
                    out[i] = (byte) (lut == null ? p : lut[p]);
                }
            }
            return XrayImage.ofGray8(m.columns(), m.rows(), out, source);
        }
        // Deeper than 8 bits means BitsAllocated 16: samples are shorts, and this frame owns its array.
        short[] px = raw.shorts();
        if (lut == null) {
            if (shift != 0 || bits < 16) {
                for (int i = 0; i < n; i++) {
                    px[i] = (short) ((px[i] & 0xFFFF) >>> shift & mask);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                px[i] = lut[(px[i] & 0xFFFF) >>> shift & mask];
            }
        }
        return XrayImage.ofGray16(m.columns(), m.rows(), outBits, px.length == n ? px : Arrays.copyOf(px, n),
                source);
    }

    /** Up to 8 stored bits give an 8-bit image; deeper ones keep their depth. */
    static int outputBits(int bitsStored) {
        return bitsStored <= 8 ? 8 : bitsStored;
    }

    /**
     * The grayscale table from stored bit pattern to output value, or {@code null} when it would be the
     * identity (unsigned, positive slope, MONOCHROME2, no window, at least 8 bits).
     */
    static short[] grayLut(PixelModule m, VoiWindow window, int outBits) {
        int bits = m.bitsStored();
        boolean invert = "MONOCHROME1".equals(m.photometric());
        boolean negativeSlope = m.rescaleSlope() < 0;
        if (window == null && !m.signed() && !invert && !negativeSlope && bits >= 8) {
            return null;
        }
        int size = 1 << bits;
        int half = size >> 1;
        int outMax = (1 << outBits) - 1;
        short[] lut = new short[size];
        for (int p = 0; p < size; p++) {
            int stored = m.signed() && p >= half ? p - size : p;
            int out;
            if (window != null) {
                double modality = stored * m.rescaleSlope() + m.rescaleIntercept();
                out = (int) Math.round(window.apply(modality) * outMax);
            } else {
                // Full stored range: shift so the smallest representable value is 0; the rescale is
                // linear, so this is the modality range mapped onto [0, 2^bits - 1], flipped if the slope
                // is negative.
                int u = m.signed() ? stored + half : stored;
                if (negativeSlope) {
                    u = size - 1 - u;
                }
                out = bits < 8 ? (int) Math.round(u * 255.0 / (size - 1)) : u;
            }
            lut[p] = (short) (invert ? outMax - out : out);
        }
        return lut;
    }

    /** Colour luma needs no semantics beyond scaling fewer than 8 bits up to 8. */
    private static short[] colourLut(int bits, int outBits) {
        if (bits >= 8) {
            return null;
        }
        int size = 1 << bits;
        short[] lut = new short[size];
        int outMax = (1 << outBits) - 1;
        for (int v = 0; v < size; v++) {
            lut[v] = (short) Math.round(v * (double) outMax / (size - 1));
        }
        return lut;
    }

    /** Colour to gray with {@link XrayImage#luma}, as PNG and JPEG are read. */
    private static RawFrame luma(RawFrame raw, int n, int mask) {
        int pixelStride = raw.planar() ? 1 : 3;
        int sampleStride = raw.planar() ? n : 1;
        int shift = raw.shift();
        short[] y16 = raw.shorts() != null ? new short[n] : null;
        byte[] y8 = raw.bytes() != null ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            int base = i * pixelStride;
            int r = raw.sample(base) >>> shift & mask;
            int g = raw.sample(base + sampleStride) >>> shift & mask;
            int b = raw.sample(base + 2 * sampleStride) >>> shift & mask;
            int y = XrayImage.luma(r, g, b);
            if (y8 != null) {
                y8[i] = (byte) y;
            } else {
                y16[i] = (short) y;
            }
        }
        return new RawFrame(y8, y16, 1, false, false, 0);
    }

    /** YBR: the first sample of each pixel is its luma. */
    private static RawFrame firstSample(RawFrame raw, int n) {
        int pixelStride = raw.planar() ? 1 : 3;
        short[] y16 = raw.shorts() != null ? new short[n] : null;
        byte[] y8 = raw.bytes() != null ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            if (y8 != null) {
                y8[i] = raw.bytes()[i * pixelStride];
            } else {
                y16[i] = raw.shorts()[i * pixelStride];
            }
        }
        return new RawFrame(y8, y16, 1, false, false, raw.shift());
    }
}
