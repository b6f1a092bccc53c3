package io.github.covidxray.cli.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the smallest well-formed DICOM Part 10 file of a 16-bit monochrome image (explicit VR little
 * endian), for testing that DICOM bodies travel through the service like any other image.
 */
public final class MinimalDicom {

    private MinimalDicom() {}

    /**
     * @param rows rows
     * @param columns columns
     * @param bitsStored significant bits of each 16-bit value
     * @param pixels stored values, row-major
     * @return the file's bytes
     */
    public static byte[] of(int rows, int columns, int bitsStored, short[] pixels) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.1.1"));
        element(meta, 0x0002, 0x0003, "UI", uid("1.2.3.4.5.6.7"));
        element(meta, 0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2.1"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(file, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
        file.writeBytes(meta.toByteArray());
        element(file, 0x0008, 0x0060, "CS", "DX".getBytes(StandardCharsets.US_ASCII));
        element(file, 0x0028, 0x0002, "US", le(2).putShort((short) 1).array());
        element(file, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        element(file, 0x0028, 0x0010, "US", le(2).putShort((short) rows).array());
        element(file, 0x0028, 0x0011, "US", le(2).putShort((short) columns).array());
        element(file, 0x0028, 0x0100, "US", le(2).putShort((short) 16).array());
        element(file, 0x0028, 0x0101, "US", le(2).putShort((short) bitsStored).array());
        element(file, 0x0028, 0x0102, "US", le(2).putShort((short) (bitsStored - 1)).array());
        element(file, 0x0028, 0x0103, "US", le(2).putShort((short) 0).array());
        ByteBuffer data = le(pixels.length * 2);
        data.asShortBuffer().put(pixels);
        element(file, 0x7FE0, 0x0010, "OW", data.array());
        return file.toByteArray();
    }

    private static byte[] uid(String uid) {
        String padded = uid.length() % 2 == 0 ? uid : uid + "\0";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void element(ByteArrayOutputStream out, int group, int tag, String vr, byte[] value) {
        boolean longForm = vr.equals("OB") || vr.equals("OW");
        ByteBuffer head = le(longForm ? 12 : 8).putShort((short) group).putShort((short) tag);
        head.put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            head.putShort((short) 0).putInt(value.length);
        } else {
            head.putShort((short) value.length);
        }
        out.writeBytes(head.array());
        out.writeBytes(value);
    }
}
