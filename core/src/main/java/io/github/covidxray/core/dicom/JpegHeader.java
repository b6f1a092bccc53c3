package io.github.covidxray.core.dicom;

/**
 * What the marker segments before a JPEG's first scan say: the frame type (SOFn), sample precision,
 * component ids and the JFIF / Adobe colour markers. Used to refuse what the decoder cannot do and to
 * decide whether three components are RGB or YCbCr.
 *
 * @param sofMarker the SOFn marker (0xC0..0xCF), or -1 if none was found
 * @param precision bits per sample
 * @param componentIds the component identifiers in frame-header order
 * @param jfif whether a JFIF APP0 segment is present
 * @param adobeTransform the Adobe APP14 transform flag (0 none, 1 YCbCr), or -1 if absent
 */
record JpegHeader(int sofMarker, int precision, int[] componentIds, boolean jfif, int adobeTransform) {

    static final int SOF3_LOSSLESS = 0xC3;

    /** @return the header of a codestream, reading at most up to the first SOS marker */
    static JpegHeader scan(byte[] d) {
        int sof = -1;
        int precision = 0;
        int[] ids = new int[0];
        boolean jfif = false;
        int adobe = -1;
        int pos = 2;
        while (pos + 4 <= d.length && (d[pos] & 0xFF) == 0xFF) {
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break;
            }
            int length = (d[pos + 2] & 0xFF) << 8 | (d[pos + 3] & 0xFF);
            int body = pos + 4;
            int bodyLength = Math.min(length - 2, d.length - body);
            if (length < 2) {
                break;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                    && bodyLength >= 6) {
                sof = marker;
                precision = d[body] & 0xFF;
                int n = Math.min(d[body + 5] & 0xFF, Math.max(0, (bodyLength - 6) / 3));
                ids = new int[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = d[body + 6 + 3 * i] & 0xFF;
                }
            } else if (marker == 0xE0 && bodyLength >= 5 && d[body] == 'J' && d[body + 1] == 'F'
                    && d[body + 2] == 'I' && d[body + 3] == 'F' && d[body + 4] == 0) {
                jfif = true;
            } else if (marker == 0xEE && bodyLength >= 12 && d[body] == 'A' && d[body + 1] == 'd'
                    && d[body + 2] == 'o' && d[body + 3] == 'b' && d[body + 4] == 'e') {
                adobe = d[body + 11] & 0xFF;
            }
            pos += 2 + length;
        }
        return new JpegHeader(sof, precision, ids, jfif, adobe);
    }

    /** @return whether the frame is lossless (process 14) */
    boolean lossless() {
        return sofMarker == SOF3_LOSSLESS;
    }

    /**
     * Whether three stored components are R, G, B (else Y, Cb, Cr), the way common decoders decide:
     * lossless JPEG is never colour-transformed; then the Adobe flag, JFIF, ids R/G/B or 1/2/3, and
     * last the DICOM PhotometricInterpretation.
     */
    boolean componentsAreRgb(String photometric) {
        if (lossless()) {
            return "RGB".equals(photometric);
        }
        if (adobeTransform >= 0) {
            return adobeTransform == 0;
        }
        if (jfif) {
            return false;
        }
        if (componentIds.length == 3) {
            if (componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B') {
                return true;
            }
            if (componentIds[0] == 1 && componentIds[1] == 2 && componentIds[2] == 3) {
                return false;
            }
        }
        return "RGB".equals(photometric);
    }
}
