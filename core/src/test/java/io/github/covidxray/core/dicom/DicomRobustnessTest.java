package io.github.covidxray.core.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestDicom.Syntax;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Broken input gives a {@link DicomException} naming the file and the element, never anything else. */
class DicomRobustnessTest {

    private static final int N = 16;

    private static TestDicom.Builder valid() {
        return TestDicom.builder(N, N).bits(16, 12).frame(DicomReaderTest.randomValues(N * N, 0, 4095, 1));
    }

    private static String failure(byte[] file) {
        return failure(file, "broken.dcm");
    }

    private static String failure(byte[] file, String name) {
        DicomException e = assertThrows(DicomException.class,
                () -> DicomReader.read(file, name, ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }

    @ParameterizedTest
    @EnumSource(Syntax.class)
    void everyTruncationIsAClearError(Syntax syntax) {
        TestDicom.Builder b = TestDicom.builder(N, N).syntax(syntax).nestedSequence(3)
                .frame(DicomReaderTest.randomValues(N * N, 0, 65535, 2));
        byte[] file = b.build();
        for (int length = 0; length < file.length; length++) {
            byte[] cut = Arrays.copyOf(file, length);
            try {
                DicomReader.read(cut, "cut.dcm", ReadOptions.defaults());
                fail("a file truncated to " + length + " of " + file.length + " bytes was read");
            } catch (DicomException e) {
                assertTrue(e.getMessage().startsWith("cut.dcm: "), e.getMessage());
            }
        }
    }

    @Test
    void truncatedPixelDataNamesTheElement() {
        byte[] file = valid().build();
        assertMentions(failure(Arrays.copyOf(file, file.length - 10)), "truncated", "(7FE0,0010) PixelData");
    }

    @Test
    void headerOnlyReadingStopsBeforeBrokenPixelData() throws Exception {
        byte[] native16 = valid().build();
        byte[] rle = valid().syntax(Syntax.RLE).build();
        for (byte[] file : new byte[][] {native16, rle}) {
            byte[] cut = Arrays.copyOf(file, file.length - 30);
            assertEquals(N, DicomReader.readMetadata(cut, "cut.dcm").rows());
            failure(cut, "cut.dcm");
        }
    }

    @Test
    void shortPixelDataNamesTheElementAndTheExpectedSize() {
        assertMentions(failure(valid().shortPixelData(2).build()), "(7FE0,0010) PixelData has 510 bytes",
                "expected 512");
    }

    @Test
    void missingPixelDataIsNotAnImage() {
        assertMentions(failure(valid().withoutPixelData().build()), "no (7FE0,0010) PixelData element");
    }

    @Test
    void oddLengthsAreRefused() {
        byte[] file = valid().rawElement(0x00081030, "LO", "odd".getBytes(StandardCharsets.US_ASCII)).build();
        assertMentions(failure(file), "element (0008,1030) has odd length 3");
    }

    @Test
    void anInvalidVrIsNamed() {
        byte[] file = valid().build();
        int at = indexOf(file, new byte[] {0x28, 0, 0x10, 0, 'U', 'S'});
        file[at + 4] = '?';
        file[at + 5] = '?';
        assertMentions(failure(file), "(0028,0010) Rows", "VR bytes 0x3F3F");
    }

    @Test
    void aValidButWrongVrIsNamed() {
        byte[] file = valid().text(0x00280010, "DS", "16").build();
        assertMentions(failure(file), "(0028,0010) Rows has VR DS, expected US");
    }

    @Test
    void malformedNumbersAreNamed() {
        assertMentions(failure(valid().text(0x00280008, "IS", "1A").build()),
                "(0028,0008) NumberOfFrames is '1A', expected an integer string (IS)");
        assertMentions(failure(valid().text(0x00281053, "DS", "one").build()),
                "(0028,1053) RescaleSlope is 'one', expected a decimal string (DS)");
    }

    @Test
    void missingRequiredElementsAreNamed() {
        assertMentions(failure(valid().remove(0x00280010).build()), "(0028,0010) Rows");
        assertMentions(failure(valid().remove(0x00280004).build()), "(0028,0004) PhotometricInterpretation");
        assertMentions(failure(valid().remove(0x00280103).build()), "(0028,0103) PixelRepresentation");
    }

    @Test
    void unsupportedPixelFormatsAreNamed() {
        assertMentions(failure(valid().unsignedShort(0x00280100, 32).build()), "(0028,0100) BitsAllocated is 32");
        assertMentions(failure(valid().unsignedShort(0x00280101, 13).unsignedShort(0x00280102, 12)
                .unsignedShort(0x00280100, 8).build()), "(0028,0101) BitsStored is 13");
        assertMentions(failure(valid().photometric("PALETTE COLOR").build()), "PALETTE COLOR is not supported");
        assertMentions(failure(valid().rescale(0, 0).build()), "(0028,1053) RescaleSlope is 0");
    }

    @Test
    void unsupportedAndUnknownTransferSyntaxesAreNamed() {
        assertMentions(failure(valid().transferSyntaxUid("1.2.840.10008.1.2.4.80").build()),
                "unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless Image Compression)");
        assertMentions(failure(valid().transferSyntaxUid("1.2.3.4").build()),
                "unsupported transfer syntax 1.2.3.4 (unknown)");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        assertMentions(failure(valid().nestedSequence(DatasetParser.MAX_DEPTH + 1).build()), "(0009,1010)",
                "nested deeper than " + DatasetParser.MAX_DEPTH);
    }

    @Test
    void hugeLengthsAreCheckedBeforeAllocating() {
        byte[] file = valid().rawElement(0x00091020, "OB", new byte[4]).build();
        int at = indexOf(file, new byte[] {0x09, 0, 0x20, 0x10, 'O', 'B'});
        file[at + 8] = (byte) 0xF0;
        file[at + 9] = (byte) 0xFF;
        file[at + 10] = (byte) 0xFF;
        file[at + 11] = (byte) 0x7F;
        assertMentions(failure(file), "element (0009,1020) value: length 2147483632 but only");
    }

    @Test
    void corruptDeflateDataIsAnError() {
        byte[] file = valid().syntax(Syntax.DEFLATED).build();
        int meta = indexOf(file, "1.2.840.10008.1.2.1.99".getBytes(StandardCharsets.US_ASCII));
        int datasetStart = findDatasetAfterMeta(file);
        assertTrue(meta > 0 && datasetStart > meta);
        for (int i = datasetStart; i < file.length; i++) {
            file[i] = (byte) 0xFF;
        }
        assertMentions(failure(file), "deflated dataset");
    }

    @Test
    void tooFewFragmentsForTheFramesIsAnError() {
        // Two frames, then NumberOfFrames claims five.
        byte[] file = TestDicom.builder(N, N).syntax(Syntax.RLE).bits(8, 8).frame(new int[N * N])
                .frame(new int[N * N]).text(0x00280008, "IS", "5").build();
        assertMentions(failure(file), "(0028,0008) NumberOfFrames is 5", "only 2 fragment(s)");
    }

    @Test
    void notDicomAtAll() {
        assertMentions(failure("just some text, not an image at all".getBytes(StandardCharsets.US_ASCII)),
                "not a DICOM file");
    }

    @Test
    void rleSegmentsAreCheckedAgainstTheImage() throws Exception {
        PixelModule m = new PixelModule(4, 4, 1, "MONOCHROME2", false, 8, 8, 7, false, 1, 1, 0);
        byte[] header = new byte[64];
        header[0] = 2; // two segments, but 8-bit gray has one
        assertMentions(assertThrows(DicomException.class, () -> RleDecoder.decode(header, m, "r.dcm", 0))
                .getMessage(), "declares 2 segments, expected 1");
        byte[] shortSegment = Arrays.copyOf(header, 66);
        shortSegment[0] = 1;
        shortSegment[4] = 64;
        shortSegment[64] = 3; // a literal run of 4 bytes, but only 1 follows
        assertMentions(assertThrows(DicomException.class, () -> RleDecoder.decode(shortSegment, m, "r.dcm", 0))
                .getMessage(), "segment 0 decodes to 1 bytes, expected 16");
        byte[] badOffset = Arrays.copyOf(header, 64);
        badOffset[0] = 1;
        badOffset[4] = 10;
        assertMentions(assertThrows(DicomException.class, () -> RleDecoder.decode(badOffset, m, "r.dcm", 0))
                .getMessage(), "segment 0 offset 10");
    }

    @Test
    void packBitsRunsAndLiteralsDecode() {
        byte[] plane = new byte[300];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (byte) (i < 150 ? 7 : i * 13);
        }
        byte[] packed = TestDicom.packBits(plane);
        byte[] out = new byte[plane.length];
        assertEquals(plane.length, RleDecoder.unpack(packed, 0, packed.length, out));
        assertTrue(Arrays.equals(plane, out));
    }

    private static int findDatasetAfterMeta(byte[] file) {
        // The meta group ends where the first non-0002 group starts after offset 132.
        int pos = 132;
        while (file[pos] == 0x02 && file[pos + 1] == 0) {
            int vrLength = (file[pos + 6] & 0xFF) | (file[pos + 7] & 0xFF) << 8;
            boolean longVr = file[pos + 4] == 'O' && file[pos + 5] == 'B';
            pos += longVr ? 12 + ((file[pos + 8] & 0xFF) | (file[pos + 9] & 0xFF) << 8) : 8 + vrLength;
        }
        return pos;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
