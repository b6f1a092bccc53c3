package io.github.covidxray.core.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * The transfer syntaxes this reader knows by name: how the dataset is encoded and how pixel data is
 * compressed. Only those with a {@link Codec} other than {@link Codec#UNSUPPORTED} can be decoded.
 */
enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, Codec.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, Codec.NATIVE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false,
            true, Codec.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, Codec.NATIVE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70",
            "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", Codec.JPEG),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Codec.JPEG2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Codec.JPEG2000),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE),
    // Known but not decoded: named so the error says what the file is.
    ENCAPSULATED_UNCOMPRESSED("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
    JPEG_2000_PART2_LOSSLESS("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
    JPEG_2000_PART2("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
    JPIP_REFERENCED("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
    JPIP_REFERENCED_DEFLATE("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
    MPEG2_MAIN("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
    MPEG2_HIGH("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
    MPEG4_HP41("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
    MPEG4_HP41_BD("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
    MPEG4_HP42_2D("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
    MPEG4_HP42_3D("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
    MPEG4_STEREO("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
    HEVC_MAIN("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
    HEVC_MAIN10("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
    JPEG_XL_LOSSLESS("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
    JPEG_XL_RECOMPRESSION("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression"),
    JPEG_XL("1.2.840.10008.1.2.4.112", "JPEG XL"),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
    HTJ2K_RPCL_LOSSLESS("1.2.840.10008.1.2.4.202",
            "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
    DEFLATED_IMAGE_FRAME("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression");

    /** How pixel data of a transfer syntax is stored. */
    enum Codec {
        /** Uncompressed pixel data in one element of defined length. */
        NATIVE,
        /** Encapsulated RLE Lossless fragments, decoded by {@link RleDecoder}. */
        RLE,
        /** Encapsulated JPEG (baseline, extended, lossless) decoded through ImageIO. */
        JPEG,
        /** Encapsulated JPEG 2000 decoded through ImageIO. */
        JPEG2000,
        /** Known but not decoded by this reader. */
        UNSUPPORTED
    }

    private static final Map<String, TransferSyntax> BY_UID = new HashMap<>();

    static {
        for (TransferSyntax ts : values()) {
            BY_UID.put(ts.uid, ts);
        }
    }

    private final String uid;
    private final String displayName;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final Codec codec;

    TransferSyntax(String uid, String displayName, boolean explicitVr, boolean bigEndian, boolean deflated,
            Codec codec) {
        this.uid = uid;
        this.displayName = displayName;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.codec = codec;
    }

    /** An encapsulated syntax: explicit VR little endian dataset, compressed pixel data. */
    TransferSyntax(String uid, String displayName, Codec codec) {
        this(uid, displayName, true, false, false, codec);
    }

    /** A syntax known only by name. */
    TransferSyntax(String uid, String displayName) {
        this(uid, displayName, true, false, false, Codec.UNSUPPORTED);
    }

    /** @return the syntax with this UID, or {@code null} if unknown */
    static TransferSyntax forUid(String uid) {
        return BY_UID.get(uid);
    }

    String uid() {
        return uid;
    }

    String displayName() {
        return displayName;
    }

    boolean explicitVr() {
        return explicitVr;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    boolean deflated() {
        return deflated;
    }

    Codec codec() {
        return codec;
    }
}
