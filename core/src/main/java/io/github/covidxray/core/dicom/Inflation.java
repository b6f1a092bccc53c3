package io.github.covidxray.core.dicom;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the dataset of the Deflated Explicit VR Little Endian transfer syntax (raw deflate, RFC 1951).
 * Two passes: the first only measures, so a decompression bomb is refused before anything big is
 * allocated, and the second fills an array of the exact size.
 */
final class Inflation {

    private Inflation() {}

    static byte[] inflate(byte[] in, int offset, int length, long limit, String source) throws DicomException {
        long size = run(in, offset, length, null, limit, source);
        byte[] out = new byte[(int) size];
        run(in, offset, length, out, limit, source);
        return out;
    }

    /** Inflates into {@code out}, or only counts when it is {@code null}; returns the inflated size. */
    private static long run(byte[] in, int offset, int length, byte[] out, long limit, String source)
            throws DicomException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in, offset, length);
            byte[] scratch = out == null ? new byte[64 * 1024] : null;
            long total = 0;
            while (!inflater.finished()) {
                int n = out == null ? inflater.inflate(scratch)
                        : inflater.inflate(out, (int) total, out.length - (int) total);
                total += n;
                if (total > limit) {
                    throw new DicomException(source, "deflated dataset inflates to more than " + limit
                            + " bytes (the limit derived from ReadOptions.maxPixels)");
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException(source, "truncated file: the deflated dataset ends before its final"
                            + " deflate block (" + total + " bytes inflated)");
                }
                if (out != null && total == out.length && !inflater.finished()) {
                    break;
                }
            }
            return total;
        } catch (DataFormatException e) {
            throw new DicomException(source, "deflated dataset is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
