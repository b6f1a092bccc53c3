package io.github.covidxray.core.dicom;

/**
 * The stored samples of one frame before pixel semantics are applied: exactly one of {@code bytes}
 * (BitsAllocated 8) and {@code shorts} (BitsAllocated 16, read as {@code & 0xFFFF}) is non-null.
 *
 * @param bytes 8-bit samples, or {@code null}
 * @param shorts 16-bit samples, or {@code null}
 * @param samplesPerPixel 1, or 3 for colour
 * @param planar for colour: all of sample 0, then all of sample 1, ... (else interleaved per pixel)
 * @param rgb for colour: the samples are R, G, B (else the first sample is the luma Y)
 * @param shift how far right stored values sit in their cell ({@code HighBit + 1 - BitsStored});
 *     0 for decoded compressed data
 */
record RawFrame(byte[] bytes, short[] shorts, int samplesPerPixel, boolean planar, boolean rgb, int shift) {

    static RawFrame of8(byte[] bytes, int samplesPerPixel, boolean planar, boolean rgb) {
        return new RawFrame(bytes, null, samplesPerPixel, planar, rgb, 0);
    }

    static RawFrame of16(short[] shorts, int samplesPerPixel, boolean planar, boolean rgb) {
        return new RawFrame(null, shorts, samplesPerPixel, planar, rgb, 0);
    }

    RawFrame withShift(int newShift) {
        return new RawFrame(bytes, shorts, samplesPerPixel, planar, rgb, newShift);
    }

    /** @return the raw sample at array index {@code i}, unsigned */
    int sample(int i) {
        return bytes != null ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }
}
