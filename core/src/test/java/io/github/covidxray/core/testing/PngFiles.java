package io.github.covidxray.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** PNG files written by hand for limit tests: huge images that cost the test almost nothing. */
public final class PngFiles {

    private PngFiles() {}

    /**
     * A valid 16-bit grey PNG whose pixels are all black, written row by row so that a 5,900 x 5,900 image
     * (70 MB decoded) costs about 80 KB and no large array.
     *
     * @param width columns
     * @param height rows
     * @return the PNG's bytes
     */
    public static byte[] black16(int width, int height) {
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(9);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] row = new byte[1 + 2 * width]; // filter type 0, then the samples
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            } finally {
                deflater.end();
            }
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {16, 0, 0, 0, 0}); // 16-bit, grey, deflate, adaptive filters, no interlace
            return png(ihdr.toByteArray(), idat.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A decompression bomb: an 8-bit grey PNG whose header declares a huge size but whose data is almost
     * empty.
     *
     * @param width the declared columns
     * @param height the declared rows
     * @return the PNG's bytes
     */
    public static byte[] declaredOnly(int width, int height) {
        try {
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit, grey
            return png(ihdr.toByteArray(), new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(byte[] ihdr, byte[] idat) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
