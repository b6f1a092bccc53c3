package io.github.covidxray.core.dicom;

/** Unsigned reads from a byte array in either byte order; callers check bounds first. */
final class Bytes {

    private Bytes() {}

    static int u16(byte[] d, int p, boolean bigEndian) {
        return bigEndian ? (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF) : (d[p + 1] & 0xFF) << 8 | (d[p] & 0xFF);
    }

    static long u32(byte[] d, int p, boolean bigEndian) {
        long hi = u16(d, bigEndian ? p : p + 2, bigEndian);
        long lo = u16(d, bigEndian ? p + 2 : p, bigEndian);
        return hi << 16 | lo;
    }

    static long u64le(byte[] d, int p) {
        return u32(d, p + 4, false) << 32 | u32(d, p, false);
    }

    /** @return the tag (group in the high 16 bits) at {@code p} */
    static int tag(byte[] d, int p, boolean bigEndian) {
        return u16(d, p, bigEndian) << 16 | u16(d, p + 2, bigEndian);
    }
}
