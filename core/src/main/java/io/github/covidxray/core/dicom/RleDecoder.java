package io.github.covidxray.core.dicom;

/**
 * Decodes one frame of DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then
 * one PackBits segment per byte of each sample, most significant byte first. Output is planar (one
 * plane per sample), which is how RLE stores colour.
 */
final class RleDecoder {

    private static final int HEADER_BYTES = 64;

    private RleDecoder() {}

    static RawFrame decode(byte[] data, PixelModule m, String source, int frame) throws DicomException {
        String where = Tags.describe(Tags.PIXEL_DATA) + " RLE frame " + frame;
        if (data.length < HEADER_BYTES) {
            throw new DicomException(source, where + ": " + data.length + " bytes, expected at least a "
                    + HEADER_BYTES + "-byte RLE header");
        }
        int bytesPerSample = m.bitsAllocated() / 8;
        int expectedSegments = m.samplesPerPixel() * bytesPerSample;
        long segments = Bytes.u32(data, 0, false);
        if (segments != expectedSegments) {
            throw new DicomException(source, where + ": header declares " + segments + " segments, expected "
                    + expectedSegments + " (SamplesPerPixel " + m.samplesPerPixel() + " x " + bytesPerSample
                    + " bytes)");
        }
        int pixels = m.rows() * m.columns();
        int[] starts = new int[expectedSegments + 1];
        for (int s = 0; s < expectedSegments; s++) {
            long offset = Bytes.u32(data, 4 + 4 * s, false);
            if (offset < HEADER_BYTES || offset > data.length || (s > 0 && offset < starts[s])) {
                throw new DicomException(source, where + ": segment " + s + " offset " + offset
                        + " is outside the " + data.length + "-byte frame or before the previous segment");
            }
            starts[s] = (int) offset;
        }
        starts[expectedSegments] = data.length;
        byte[] plane = new byte[pixels];
        byte[] out8 = bytesPerSample == 1 ? new byte[pixels * m.samplesPerPixel()] : null;
        short[] out16 = bytesPerSample == 2 ? new short[pixels * m.samplesPerPixel()] : null;
        for (int s = 0; s < expectedSegments; s++) {
            int produced = unpack(data, starts[s], starts[s + 1], plane);
            if (produced < pixels) {
                throw new DicomException(source, where + ": segment " + s + " decodes to " + produced
                        + " bytes, expected " + pixels + " (Rows x Columns)");
            }
            int sample = s / bytesPerSample;
            int base = sample * pixels;
            if (out8 != null) {
                System.arraycopy(plane, 0, out8, base, pixels);
            } else {
                int shift = (s % bytesPerSample) == 0 ? 8 : 0;
                for (int i = 0; i < pixels; i++) {
                    out16[base + i] |= (short) ((plane[i] & 0xFF) << shift);
                }
            }
        }
        return out8 != null ? RawFrame.of8(out8, m.samplesPerPixel(), true, m.rgb())
                : RawFrame.of16(out16, m.samplesPerPixel(), true, m.rgb());
    }

    /**
     * PackBits: a header byte n in 0..127 copies the next n+1 bytes, n in -127..-1 repeats the next byte
     * 1-n times, -128 does nothing. Stops when {@code out} is full.
     *
     * @return the number of bytes written
     */
    static int unpack(byte[] in, int pos, int end, byte[] out) {
        int o = 0;
        while (pos < end && o < out.length) {
            int n = in[pos++];
            if (n >= 0) {
                int count = Math.min(Math.min(n + 1, end - pos), out.length - o);
                System.arraycopy(in, pos, out, o, count);
                pos += n + 1;
                o += count;
            } else if (n != -128) {
                if (pos >= end) {
                    break;
                }
                int count = Math.min(1 - n, out.length - o);
                byte v = in[pos++];
                for (int k = 0; k < count; k++) {
                    out[o + k] = v;
                }
                o += count;
            }
        }
        return o;
    }
}
