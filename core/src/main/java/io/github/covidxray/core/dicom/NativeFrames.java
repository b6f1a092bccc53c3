package io.github.covidxray.core.dicom;

import io.github.covidxray.core.dicom.ParsedDataset.Element;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Cuts one frame out of uncompressed (native) pixel data. */
final class NativeFrames {

    private NativeFrames() {}

    static RawFrame extract(ParsedDataset ds, PixelModule m, int frame) throws DicomException {
        Element px = ds.pixelData();
        if (px == null) {
            throw new DicomException(ds.source(), Tags.describe(Tags.PIXEL_DATA) + " is encapsulated (undefined"
                    + " length) but the transfer syntax " + ds.transferSyntaxUid() + " is not a compressed one");
        }
        if (px.vr() != null && !Vr.PIXEL_DATA.contains(px.vr())) {
            throw new DicomException(ds.source(), Tags.describe(Tags.PIXEL_DATA) + " has VR " + px.vr()
                    + ", expected OB or OW");
        }
        long frameBytes = m.nativeFrameBytes();
        long needed = frameBytes * m.frames();
        if (px.length() < needed) {
            throw new DicomException(ds.source(), Tags.describe(Tags.PIXEL_DATA) + " has " + px.length()
                    + " bytes, expected " + needed + " (Rows " + m.rows() + " x Columns " + m.columns() + " x "
                    + ("YBR_FULL_422".equals(m.photometric()) ? "2 (YBR_FULL_422)" : "SamplesPerPixel "
                    + m.samplesPerPixel()) + " x " + (m.bitsAllocated() / 8) + " bytes x NumberOfFrames "
                    + m.frames() + ")");
        }
        int offset = (int) (px.offset() + frame * frameBytes);
        int count = (int) (frameBytes / (m.bitsAllocated() / 8));
        byte[] data = ds.data();
        int shift = m.highBit() + 1 - m.bitsStored();
        RawFrame raw;
        if (m.bitsAllocated() == 8) {
            byte[] b = ds.bigEndian() && "OW".equals(px.vr()) ? swappedPairs(data, px.offset(), offset, count)
                    : Arrays.copyOfRange(data, offset, offset + count);
            raw = RawFrame.of8(b, m.samplesPerPixel(), m.planar(), m.rgb());
        } else {
            short[] s = new short[count];
            ByteBuffer.wrap(data, offset, count * 2)
                    .order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer().get(s);
            raw = RawFrame.of16(s, m.samplesPerPixel(), m.planar(), m.rgb());
        }
        raw = raw.withShift(shift);
        return "YBR_FULL_422".equals(m.photometric()) ? lumaOf422(raw, m.rows() * m.columns()) : raw;
    }

    /**
     * 8-bit samples in big endian OW words come in swapped pairs: byte {@code j} of the element is at
     * {@code j ^ 1}. The element has even length, so the partner byte always exists.
     */
    private static byte[] swappedPairs(byte[] data, int elementStart, int offset, int count) {
        byte[] b = new byte[count];
        int first = offset - elementStart;
        for (int i = 0; i < count; i++) {
            b[i] = data[elementStart + ((first + i) ^ 1)];
        }
        return b;
    }

    /** YBR_FULL_422 stores Y0 Y1 Cb Cr for each pair of pixels; the luma of a pixel is its Y. */
    private static RawFrame lumaOf422(RawFrame raw, int pixels) {
        if (raw.bytes() != null) {
            byte[] y = new byte[pixels];
            for (int i = 0; i < pixels; i++) {
                y[i] = raw.bytes()[(i >> 1) * 4 + (i & 1)];
            }
            return new RawFrame(y, null, 1, false, false, raw.shift());
        }
        short[] y = new short[pixels];
        for (int i = 0; i < pixels; i++) {
            y[i] = raw.shorts()[(i >> 1) * 4 + (i & 1)];
        }
        return new RawFrame(null, y, 1, false, false, raw.shift());
    }
}
