package io.github.covidxray.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;

/**
 * A small DICOM writer for tests: builds files in every encoding the reader supports, from stored
 * pixel values given by the test, so the reader is tested on a fresh clone without any fixture. It
 * writes exactly what it is told (including broken things, through {@link Builder#rawElement}), so it
 * is not a general-purpose or validating writer. Not thread-safe.
 */
public final class TestDicom {

    /** The encodings this writer produces. */
    public enum Syntax {
        IMPLICIT_LE("1.2.840.10008.1.2"),
        EXPLICIT_LE("1.2.840.10008.1.2.1"),
        EXPLICIT_BE("1.2.840.10008.1.2.2"),
        DEFLATED("1.2.840.10008.1.2.1.99"),
        RLE("1.2.840.10008.1.2.5");

        /** The transfer syntax UID. */
        public final String uid;

        Syntax(String uid) {
            this.uid = uid;
        }

        boolean explicit() {
            return this != IMPLICIT_LE;
        }

        boolean bigEndian() {
            return this == EXPLICIT_BE;
        }
    }

    private TestDicom() {}

    /**
     * Starts a monochrome image.
     *
     * @param rows rows
     * @param columns columns
     * @return a builder with 16 bits allocated and stored, unsigned, MONOCHROME2, explicit VR LE
     */
    public static Builder builder(int rows, int columns) {
        return new Builder(rows, columns);
    }

    /** Collects the header and pixels of one file. */
    public static final class Builder {
        private final int rows;
        private final int columns;
        private int bitsAllocated = 16;
        private int bitsStored = 16;
        private int highBit = -1;
        private boolean signed;
        private String photometric = "MONOCHROME2";
        private int samplesPerPixel = 1;
        private boolean planar;
        private final List<int[]> frames = new ArrayList<>();
        private Syntax syntax = Syntax.EXPLICIT_LE;
        private boolean preamble = true;
        private boolean garbageAboveHighBit;
        private boolean pixelData = true;
        private int pixelBytesDropped;
        private boolean writeNumberOfFrames;
        private boolean rleOffsetTable = true;
        private String transferSyntaxUid;
        private final java.util.Set<Integer> removed = new java.util.HashSet<>();
        private List<byte[]> codestreams;
        private final Map<Integer, Elem> extra = new TreeMap<>(Integer::compareUnsigned);

        private Builder(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
            text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.1.1");
            text(0x00080018, "UI", "1.2.826.0.1.3680043.8.498.1");
            text(0x00080060, "CS", "DX");
            text(0x00100010, "PN", "Test^Patient");
            text(0x00100020, "LO", "TEST-PATIENT-1");
            text(0x00100030, "DA", "19700101");
            text(0x00185101, "CS", "PA");
            text(0x0020000D, "UI", "1.2.826.0.1.3680043.8.498.2");
        }

        /** Sets BitsAllocated and BitsStored; HighBit defaults to BitsStored - 1. */
        public Builder bits(int allocated, int stored) {
            this.bitsAllocated = allocated;
            this.bitsStored = stored;
            return this;
        }

        /** Sets HighBit, for values not at the bottom of their cell. */
        public Builder highBit(int highBit) {
            this.highBit = highBit;
            return this;
        }

        /** PixelRepresentation 1: values are two's complement in BitsStored bits. */
        public Builder signed(boolean signed) {
            this.signed = signed;
            return this;
        }

        /** Sets PhotometricInterpretation. */
        public Builder photometric(String photometric) {
            this.photometric = photometric;
            return this;
        }

        /** Three samples per pixel, interleaved (or planar), with the given photometric interpretation. */
        public Builder colour(String photometric, boolean planar) {
            this.photometric = photometric;
            this.samplesPerPixel = 3;
            this.planar = planar;
            return this;
        }

        /** Sets the encoding. */
        public Builder syntax(Syntax syntax) {
            this.syntax = syntax;
            return this;
        }

        /** Whether to write the 128-byte preamble, DICM and file meta information (else a bare dataset). */
        public Builder preamble(boolean preamble) {
            this.preamble = preamble;
            return this;
        }

        /** Sets the bits above HighBit to 1, as overlays in old files do, to check they are masked off. */
        public Builder garbageAboveHighBit(boolean garbage) {
            this.garbageAboveHighBit = garbage;
            return this;
        }

        /** Adds a frame of stored values, row-major ({@code samplesPerPixel} interleaved values per pixel). */
        public Builder frame(int[] values) {
            frames.add(values.clone());
            return this;
        }

        /** Writes NumberOfFrames even for a single frame. */
        public Builder numberOfFrames(boolean write) {
            this.writeNumberOfFrames = write;
            return this;
        }

        /** Leaves the pixel data element out. */
        public Builder withoutPixelData() {
            this.pixelData = false;
            return this;
        }

        /** Drops bytes from the end of native pixel data (keeping the element's length consistent). */
        public Builder shortPixelData(int bytesDropped) {
            this.pixelBytesDropped = bytesDropped;
            return this;
        }

        /** Writes this UID in the file meta information instead of the encoding's own. */
        public Builder transferSyntaxUid(String uid) {
            this.transferSyntaxUid = uid;
            return this;
        }

        /**
         * Writes the given compressed frames (for example JPEG or JPEG 2000 codestreams) as encapsulated
         * pixel data, one fragment per frame with a basic offset table, under the given transfer syntax UID
         * (frames given with {@link #frame} are then ignored).
         */
        public Builder encapsulated(String uid, List<byte[]> frames) {
            this.transferSyntaxUid = uid;
            this.codestreams = List.copyOf(frames);
            return this;
        }

        /** Whether RLE files get a basic offset table (else it is empty). */
        public Builder rleOffsetTable(boolean write) {
            this.rleOffsetTable = write;
            return this;
        }

        /** Sets RescaleSlope and RescaleIntercept. */
        public Builder rescale(double slope, double intercept) {
            text(0x00281053, "DS", ds(slope));
            return text(0x00281052, "DS", ds(intercept));
        }

        /** Sets WindowCenter and WindowWidth. */
        public Builder window(double center, double width) {
            text(0x00281050, "DS", ds(center));
            return text(0x00281051, "DS", ds(width));
        }

        /** Sets VOILUTFunction. */
        public Builder voiLutFunction(String function) {
            return text(0x00281056, "CS", function);
        }

        /** Adds (or replaces) a text element, padded to even length as the standard says. */
        public Builder text(int tag, String vr, String value) {
            extra.put(tag, Elem.text(vr, value));
            return this;
        }

        /** Adds (or replaces) a US element, written in the file's byte order. */
        public Builder unsignedShort(int tag, int value) {
            extra.put(tag, Elem.us(value));
            return this;
        }

        /** Adds (or replaces) an element exactly as given: odd lengths and wrong VRs included. */
        public Builder rawElement(int tag, String vr, byte[] value) {
            extra.put(tag, new Elem(vr, value.clone(), null, 0));
            return this;
        }

        /** Removes an element (for example a required one). */
        public Builder remove(int tag) {
            extra.remove(tag);
            removed.add(tag);
            return this;
        }

        /**
         * Adds a private sequence nested {@code depth} levels deep, each level an undefined-length
         * sequence with one undefined-length item, to exercise the walker.
         */
        public Builder nestedSequence(int depth) {
            extra.put(0x00091010, new Elem("SQ", null, null, depth));
            return this;
        }

        /** @return the encoded file */
        public byte[] build() {
            int frameCount = codestreams != null ? codestreams.size() : frames.size();
            if (frameCount == 0) {
                throw new IllegalStateException("no frame given");
            }
            Enc enc = new Enc(syntax == Syntax.RLE ? Syntax.EXPLICIT_LE : syntax);
            ByteArrayOutputStream ds = new ByteArrayOutputStream();
            Map<Integer, Elem> all = new TreeMap<>(Integer::compareUnsigned);
            all.putAll(extra);
            all.putIfAbsent(0x00280002, Elem.us(samplesPerPixel));
            all.putIfAbsent(0x00280004, Elem.text("CS", photometric));
            if (samplesPerPixel == 3) {
                all.putIfAbsent(0x00280006, Elem.us(planar ? 1 : 0));
            }
            if (frameCount > 1 || writeNumberOfFrames) {
                all.putIfAbsent(0x00280008, Elem.text("IS", Integer.toString(frameCount)));
            }
            all.putIfAbsent(0x00280010, Elem.us(rows));
            all.putIfAbsent(0x00280011, Elem.us(columns));
            all.putIfAbsent(0x00280100, Elem.us(bitsAllocated));
            all.putIfAbsent(0x00280101, Elem.us(bitsStored));
            all.putIfAbsent(0x00280102, Elem.us(highBit >= 0 ? highBit : bitsStored - 1));
            all.putIfAbsent(0x00280103, Elem.us(signed ? 1 : 0));
            all.keySet().removeAll(removed);
            for (Map.Entry<Integer, Elem> e : all.entrySet()) {
                Elem v = e.getValue();
                if (v.nestedDepth() > 0) {
                    enc.nested(ds, e.getKey(), v.nestedDepth());
                } else if (v.us() != null) {
                    enc.element(ds, e.getKey(), v.vr(), enc.u16(v.us()));
                } else {
                    enc.element(ds, e.getKey(), v.vr(), v.value());
                }
            }
            if (pixelData) {
                if (codestreams != null) {
                    enc.encapsulated(ds, codestreams.stream().map(TestDicom::padEven).toList(), true);
                } else if (syntax == Syntax.RLE) {
                    enc.encapsulated(ds, rleFrames(), rleOffsetTable);
                } else {
                    byte[] px = nativePixels(enc.bigEndian);
                    byte[] cut = Arrays.copyOf(px, Math.max(0, px.length - pixelBytesDropped));
                    enc.element(ds, 0x7FE00010, bitsAllocated == 8 ? "OB" : "OW", cut);
                }
            }
            byte[] dataset = ds.toByteArray();
            if (syntax == Syntax.DEFLATED) {
                dataset = deflate(dataset);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (preamble) {
                out.writeBytes(new byte[128]);
                out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(meta());
            }
            out.writeBytes(dataset);
            return out.toByteArray();
        }

        /** Writes the file. */
        public Path write(Path file) {
            try {
                return Files.write(file, build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private byte[] meta() {
            Enc le = new Enc(Syntax.EXPLICIT_LE);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            le.element(body, 0x00020001, "OB", new byte[] {0, 1});
            le.element(body, 0x00020002, "UI", Elem.text("UI", "1.2.840.10008.5.1.4.1.1.1.1").value());
            le.element(body, 0x00020003, "UI", Elem.text("UI", "1.2.826.0.1.3680043.8.498.1").value());
            le.element(body, 0x00020010, "UI",
                    Elem.text("UI", transferSyntaxUid != null ? transferSyntaxUid : syntax.uid).value());
            le.element(body, 0x00020012, "UI", Elem.text("UI", "1.2.826.0.1.3680043.8.498.0").value());
            byte[] b = body.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            le.element(out, 0x00020000, "UL", new byte[] {(byte) b.length, (byte) (b.length >> 8),
                    (byte) (b.length >> 16), (byte) (b.length >> 24)});
            out.writeBytes(b);
            return out.toByteArray();
        }

        /** Stored values as cells: masked to BitsStored, moved up to HighBit, optional garbage above. */
        private int cell(int value) {
            int mask = (1 << bitsStored) - 1;
            int hb = highBit >= 0 ? highBit : bitsStored - 1;
            int shift = hb + 1 - bitsStored;
            int v = (value & mask) << shift;
            if (garbageAboveHighBit) {
                v |= ~((1 << (hb + 1)) - 1);
            }
            return v & (bitsAllocated == 8 ? 0xFF : 0xFFFF);
        }

        private byte[] nativePixels(boolean bigEndian) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int[] f : frames) {
                int[] ordered = planar ? toPlanar(f) : f;
                for (int v : ordered) {
                    int c = cell(v);
                    if (bitsAllocated == 8) {
                        out.write(c);
                    } else if (bigEndian) {
                        out.write(c >> 8);
                        out.write(c);
                    } else {
                        out.write(c);
                        out.write(c >> 8);
                    }
                }
            }
            if (out.size() % 2 != 0) {
                out.write(0);
            }
            return out.toByteArray();
        }

        private int[] toPlanar(int[] interleaved) {
            int n = interleaved.length / samplesPerPixel;
            int[] p = new int[interleaved.length];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < samplesPerPixel; s++) {
                    p[s * n + i] = interleaved[i * samplesPerPixel + s];
                }
            }
            return p;
        }

        private List<byte[]> rleFrames() {
            List<byte[]> out = new ArrayList<>();
            int bytesPerSample = bitsAllocated / 8;
            for (int[] f : frames) {
                int n = f.length / samplesPerPixel;
                List<byte[]> segments = new ArrayList<>();
                for (int s = 0; s < samplesPerPixel; s++) {
                    for (int b = bytesPerSample - 1; b >= 0; b--) {
                        byte[] plane = new byte[n];
                        for (int i = 0; i < n; i++) {
                            plane[i] = (byte) (cell(f[i * samplesPerPixel + s]) >> (8 * b));
                        }
                        segments.add(packBits(plane));
                    }
                }
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                int[] header = new int[16];
                header[0] = segments.size();
                int offset = 64;
                for (int i = 0; i < segments.size(); i++) {
                    header[i + 1] = offset;
                    offset += segments.get(i).length;
                }
                for (int h : header) {
                    Enc.le32(frame, h);
                }
                segments.forEach(frame::writeBytes);
                if (frame.size() % 2 != 0) {
                    frame.write(0);
                }
                out.add(frame.toByteArray());
            }
            return out;
        }
    }

    /** One element to write: a raw value, a US number (byte order decided when written) or a nested sequence. */
    private record Elem(String vr, byte[] value, Integer us, int nestedDepth) {
        static Elem us(int v) {
            return new Elem("US", null, v, 0);
        }

        static Elem text(String vr, String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length % 2 != 0) {
                byte[] padded = Arrays.copyOf(b, b.length + 1);
                padded[b.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
                b = padded;
            }
            return new Elem(vr, b, null, 0);
        }
    }

    /** Writes element headers and values in one encoding. */
    private static final class Enc {
        private static final java.util.Set<String> LONG =
                java.util.Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
        final boolean explicit;
        final boolean bigEndian;

        Enc(Syntax syntax) {
            this.explicit = syntax.explicit();
            this.bigEndian = syntax.bigEndian();
        }

        byte[] u16(int v) {
            return bigEndian ? new byte[] {(byte) (v >> 8), (byte) v} : new byte[] {(byte) v, (byte) (v >> 8)};
        }

        void tag(ByteArrayOutputStream out, int tag) {
            out.writeBytes(u16(tag >>> 16));
            out.writeBytes(u16(tag & 0xFFFF));
        }

        void u32(ByteArrayOutputStream out, long v) {
            if (bigEndian) {
                out.writeBytes(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
            } else {
                le32(out, (int) v);
            }
        }

        static void le32(ByteArrayOutputStream out, int v) {
            out.writeBytes(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
        }

        void header(ByteArrayOutputStream out, int tag, String vr, long length) {
            tag(out, tag);
            if (!explicit) {
                u32(out, length);
            } else if (LONG.contains(vr)) {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new byte[2]);
                u32(out, length);
            } else {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(u16((int) length));
            }
        }

        void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
            header(out, tag, vr, value.length);
            out.writeBytes(value);
        }

        /** Undefined-length sequences and items nested {@code depth} deep, innermost holding one short text. */
        void nested(ByteArrayOutputStream out, int tag, int depth) {
            header(out, tag, "SQ", 0xFFFFFFFFL);
            tag(out, 0xFFFEE000);
            u32(out, 0xFFFFFFFFL);
            if (depth > 1) {
                nested(out, tag, depth - 1);
            } else {
                element(out, 0x00091011, "LO", Elem.text("LO", "inner").value());
            }
            tag(out, 0xFFFEE00D);
            u32(out, 0);
            tag(out, 0xFFFEE0DD);
            u32(out, 0);
        }

        /** Encapsulated pixel data: a basic offset table (when frames given offsets) and one fragment per frame. */
        void encapsulated(ByteArrayOutputStream out, List<byte[]> fragments, boolean offsetTable) {
            header(out, 0x7FE00010, "OB", 0xFFFFFFFFL);
            tag(out, 0xFFFEE000);
            u32(out, offsetTable ? 4L * fragments.size() : 0);
            if (offsetTable) {
                long offset = 0;
                for (byte[] f : fragments) {
                    u32(out, offset);
                    offset += 8 + f.length;
                }
            }
            for (byte[] f : fragments) {
                tag(out, 0xFFFEE000);
                u32(out, f.length);
                out.writeBytes(f);
            }
            tag(out, 0xFFFEE0DD);
            u32(out, 0);
        }
    }

    /** PackBits as DICOM RLE uses it: runs of 2..128 repeats, literals of 1..128 bytes. */
    public static byte[] packBits(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int run = 1;
            while (i + run < in.length && run < 128 && in[i + run] == in[i]) {
                run++;
            }
            if (run >= 2) {
                out.write(1 - run);
                out.write(in[i]);
                i += run;
                continue;
            }
            int start = i;
            int len = 0;
            while (i < in.length && len < 128 && !(i + 1 < in.length && in[i + 1] == in[i])) {
                i++;
                len++;
            }
            if (len == 0) {
                continue;
            }
            out.write(len - 1);
            out.write(in, start, len);
        }
        return out.toByteArray();
    }

    private static byte[] padEven(byte[] b) {
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static String ds(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
