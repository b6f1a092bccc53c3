package io.github.covidxray.core.dicom;

import io.github.covidxray.core.dicom.ParsedDataset.Fragments;

/**
 * Finds the fragments that make up one frame of encapsulated pixel data and joins them. Frames are
 * told apart, in order of preference, by the basic offset table, one fragment per frame, or (for JPEG
 * and JPEG 2000) the codestream start marker a fragment begins with.
 */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {}

    static byte[] codestream(ParsedDataset ds, PixelModule m, int frame, TransferSyntax.Codec codec)
            throws DicomException {
        Fragments f = ds.fragments();
        String where = Tags.describe(Tags.PIXEL_DATA);
        if (f == null) {
            throw new DicomException(ds.source(), where + " has a defined length, but the transfer syntax "
                    + ds.transferSyntaxUid() + " needs encapsulated (undefined-length) pixel data");
        }
        if (f.count() == 0) {
            throw new DicomException(ds.source(), where + " has no fragments");
        }
        int frames = m.frames();
        if (frames > f.count()) {
            throw new DicomException(ds.source(), Tags.describe(Tags.NUMBER_OF_FRAMES) + " is " + frames
                    + " but " + where + " has only " + f.count() + " fragment(s)");
        }
        int[] firstFragment = frameStarts(ds, f, frames, codec);
        int from = firstFragment[frame];
        int to = frame + 1 < frames ? firstFragment[frame + 1] : f.count();
        if (to <= from) {
            throw new DicomException(ds.source(), where + ": frame " + frame + " has no fragments");
        }
        long total = 0;
        for (int i = from; i < to; i++) {
            total += f.lengths()[i];
        }
        byte[] out = new byte[(int) total];
        int pos = 0;
        for (int i = from; i < to; i++) {
            System.arraycopy(ds.data(), f.offsets()[i], out, pos, f.lengths()[i]);
            pos += f.lengths()[i];
        }
        return out;
    }

    /** @return for each frame, the index of its first fragment */
    private static int[] frameStarts(ParsedDataset ds, Fragments f, int frames, TransferSyntax.Codec codec)
            throws DicomException {
        int[] starts = new int[frames];
        if (frames == 1) {
            return starts;
        }
        if (f.basicOffsets().length == frames) {
            return fromOffsetTable(ds, f, frames);
        }
        if (f.count() == frames) {
            for (int i = 0; i < frames; i++) {
                starts[i] = i;
            }
            return starts;
        }
        if (codec == TransferSyntax.Codec.JPEG || codec == TransferSyntax.Codec.JPEG2000) {
            int found = 0;
            for (int i = 0; i < f.count() && found <= frames; i++) {
                if (startsCodestream(ds.data(), f.offsets()[i], f.lengths()[i])) {
                    if (found < frames) {
                        starts[found] = i;
                    }
                    found++;
                }
            }
            if (found == frames && starts[0] == 0) {
                return starts;
            }
        }
        throw new DicomException(ds.source(), Tags.describe(Tags.PIXEL_DATA) + ": cannot tell " + frames
                + " frames apart in " + f.count() + " fragments (the basic offset table has "
                + f.basicOffsets().length + " entries)");
    }

    private static int[] fromOffsetTable(ParsedDataset ds, Fragments f, int frames) throws DicomException {
        int[] starts = new int[frames];
        int fragment = 0;
        for (int frame = 0; frame < frames; frame++) {
            long offset = f.basicOffsets()[frame];
            while (fragment < f.count() && f.itemPositions()[fragment] < offset) {
                fragment++;
            }
            if (fragment == f.count() || f.itemPositions()[fragment] != offset
                    || (frame > 0 && fragment <= starts[frame - 1])) {
                throw new DicomException(ds.source(), Tags.describe(Tags.PIXEL_DATA) + ": basic offset table entry "
                        + frame + " (" + offset + ") does not point at the start of a fragment after the previous"
                        + " frame's");
            }
            starts[frame] = fragment;
        }
        return starts;
    }

    /** JPEG SOI, JPEG 2000 codestream SOC, or the JP2 signature box. */
    private static boolean startsCodestream(byte[] d, int offset, int length) {
        if (length >= 2 && (d[offset] & 0xFF) == 0xFF && ((d[offset + 1] & 0xFF) == 0xD8
                || (d[offset + 1] & 0xFF) == 0x4F)) {
            return true;
        }
        return length >= 8 && d[offset] == 0 && d[offset + 1] == 0 && d[offset + 2] == 0 && d[offset + 3] == 12
                && d[offset + 4] == 'j' && d[offset + 5] == 'P';
    }
}
