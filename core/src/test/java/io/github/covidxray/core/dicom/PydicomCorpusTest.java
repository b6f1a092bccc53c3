package io.github.covidxray.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.Dcmtk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by other implementations: the test corpus of Debian's python3-pydicom (found where the
 * package installs it, or at {@code -Dcovidxray.pydicom.dir}); skipped with a message when absent.
 */
class PydicomCorpusTest {

    private static final Path DEFAULT_DIR = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final ReadOptions ANY_SIZE = ReadOptions.builder().optMinSide(1).build();
    private static Path dir;

    @BeforeAll
    static void locate() {
        String configured = System.getProperty("covidxray.pydicom.dir");
        dir = configured != null ? Path.of(configured) : DEFAULT_DIR;
    }

    private static Path file(String name) {
        Path f = dir.resolve(name);
        assumeTrue(Files.isRegularFile(f), () -> "pydicom test corpus absent (" + f
                + "; apt-get install python3-pydicom): skipping");
        return f;
    }

    private static XrayImage image(String name) throws DicomException {
        return DicomReader.read(file(name), ANY_SIZE).image();
    }

    private static XrayImage image(String name, int frame) throws DicomException {
        return DicomReader.read(file(name), ANY_SIZE.toBuilder().optFrame(frame).build()).image();
    }

    private static String error(String name) {
        Path f = file(name);
        DicomException e = assertThrows(DicomException.class, () -> DicomReader.read(f, ANY_SIZE));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyLosslessEncodingOfMrSmallDecodesToTheSamePixels() throws Exception {
        XrayImage reference = image("MR_small.dcm");
        int[] expected = reference.toIntArray();
        assertEquals(16, reference.bitsStored());
        assertTrue(Arrays.stream(expected).distinct().count() > 500, "a real image, not a constant");
        for (String name : List.of("MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm",
                "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "MR_small_padded.dcm")) {
            XrayImage other = image(name);
            assertEquals(16, other.bitsStored(), name);
            assertArrayEquals(expected, other.toIntArray(), name);
        }
    }

    @Test
    void dcmtkLosslessReencodingsOfMrSmallDecodeToTheSamePixels(@TempDir Path tmp) throws Exception {
        Dcmtk.require();
        Path source = file("MR_small.dcm");
        int[] expected = image("MR_small.dcm").toIntArray();
        for (Dcmtk.Encoding encoding : Dcmtk.Encoding.values()) {
            if (encoding.lossy()) {
                continue;
            }
            Path out = Dcmtk.transcode(source, encoding, tmp.resolve(encoding + ".dcm"));
            assertArrayEquals(expected, DicomReader.read(out, ANY_SIZE).image().toIntArray(), encoding.name());
        }
    }

    @Test
    void mrSmallIsSignedAndShiftedBySixteenBitsMinimum() throws Exception {
        DicomImage d = DicomReader.read(file("MR_small.dcm"), ANY_SIZE);
        assertEquals(1, d.metadata().pixelRepresentation());
        // pydicom reads this image's stored values as 127..2145; shifted by 2^15 they become:
        int[] px = d.image().toIntArray();
        assertEquals(127 + 32768, Arrays.stream(px).min().orElseThrow());
        assertEquals(2145 + 32768, Arrays.stream(px).max().orElseThrow());
    }

    @Test
    void lossyColourJpegsAreCloseToTheLosslessOriginal() throws Exception {
        int[] lossless = image("SC_rgb_rle.dcm").toIntArray();
        assertArrayEquals(lossless, image("SC_rgb_jpeg_gdcm.dcm").toIntArray(), "JPEG lossless is exact");
        assertArrayEquals(lossless, image("SC_rgb_gdcm_KY.dcm").toIntArray(), "JPEG 2000 lossless is exact");
        for (String name : List.of("SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+n1.dcm",
                "SC_rgb_dcmtk_+eb+cy+n2.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm",
                "SC_rgb_dcmtk_+eb+cy+s4.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm",
                "SC_ybr_full_422_uncompressed.dcm")) {
            int[] px = image(name).toIntArray();
            assertTrue(maxDiff(lossless, px) <= 8, name + ": max difference " + maxDiff(lossless, px));
            assertTrue(meanDiff(lossless, px) <= 1.0, name + ": mean difference " + meanDiff(lossless, px));
        }
    }

    @Test
    void colourVariantsAgree() throws Exception {
        int[] first = image("SC_rgb_rle_2frame.dcm", 0).toIntArray();
        int[] second = image("SC_rgb_rle_2frame.dcm", 1).toIntArray();
        for (int i = 0; i < first.length; i++) {
            // The second frame holds the inverted colours, so its luma is 255 minus the first's, +-1 rounding.
            assertEquals(255, first[i] + second[i], 1, "pixel " + i);
        }
        XrayImage deep = image("SC_rgb_rle_16bit.dcm");
        assertEquals(16, deep.bitsStored());
        int[] deepPx = deep.toIntArray();
        for (int i = 0; i < first.length; i++) {
            // 16-bit samples are the 8-bit ones times 257.
            assertEquals(first[i], deepPx[i] / 257.0, 0.51, "pixel " + i);
        }
    }

    @Test
    void jpeg2000DecodesAtItsDepth() throws Exception {
        XrayImage lossy = image("JPEG2000.dcm");
        assertEquals(256, lossy.width());
        assertEquals(1024, lossy.height());
        assertEquals(16, lossy.bitsStored());
        assertTrue(Arrays.stream(lossy.toIntArray()).distinct().count() > 50);
        assertEquals(13, image("J2K_pixelrep_mismatch.dcm").bitsStored());
        assertEquals(400, image("GDCMJ2K_TextGBR.dcm").width(), "JPEG 2000 in a JP2 wrapper, YBR_RCT");
    }

    @Test
    void deflatedFileMatchesItsInflatedCopy(@TempDir Path tmp) throws Exception {
        XrayImage deflated = image("image_dfl.dcm");
        assertEquals(512, deflated.width());
        assertTrue(deflated.is8Bit());
        Dcmtk.require();
        Path inflated = tmp.resolve("inflated.dcm");
        new ProcessBuilder("dcmconv", "+te", file("image_dfl.dcm").toString(), inflated.toString()).start().waitFor();
        assertArrayEquals(DicomReader.read(inflated, ANY_SIZE).image().toIntArray(), deflated.toIntArray());
    }

    @Test
    void unsupportedEncodingsAreNamed() {
        assertTrue(error("MR_small_jpeg_ls_lossless.dcm").contains(
                "unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless Image Compression)"));
        assertTrue(error("JPGExtended.dcm").contains("12-bit lossy JPEG is not supported"));
        assertTrue(error("rtdose.dcm").contains("(0028,0100) BitsAllocated is 32"));
    }

    @Test
    void brokenFilesGiveClearErrors() {
        String truncated = error("MR_truncated.dcm");
        assertTrue(truncated.contains("truncated") && truncated.contains("(7FE0,0010) PixelData"), truncated);
        String badVr = error("badVR.dcm");
        assertTrue(badVr.contains("(0028,0008) NumberOfFrames is '1A'"), badVr);
        String truncatedPlan = error("rtplan_truncated.dcm");
        assertTrue(truncatedPlan.contains("truncated") && truncatedPlan.contains("(300A,00B0)"), truncatedPlan);
    }

    @Test
    void nonImagesHaveMetadataButNoPixels() throws Exception {
        for (String name : List.of("rtplan.dcm", "test-SR.dcm", "reportsi.dcm")) {
            assertTrue(error(name).contains("no (7FE0,0010) PixelData element"), name);
            assertNotNull(DicomReader.readMetadata(file(name)).sopInstanceUid(), name);
        }
        // Private sequences in implicit VR, nested: walked, not misread.
        assertTrue(error("nested_priv_SQ.dcm").contains("odd length"), "its group 0001 element has length 9");
        assertEquals(0, DicomReader.readMetadata(file("priv_SQ.dcm")).rows());
    }

    @Test
    void bareDatasetsReadTheSameInBothByteOrders() throws Exception {
        DicomMetadata little = DicomReader.readMetadata(file("ExplVR_LitEndNoMeta.dcm"));
        DicomMetadata big = DicomReader.readMetadata(file("ExplVR_BigEndNoMeta.dcm"));
        assertNotNull(little.sopInstanceUid());
        assertEquals(little.sopInstanceUid(), big.sopInstanceUid());
        assertEquals("1.2.840.10008.1.2.2", big.transferSyntaxUid());
        assertEquals("1.2.840.10008.1.2.1", little.transferSyntaxUid());
        assertTrue(DicomReader.isDicom(Files.readAllBytes(file("ExplVR_BigEndNoMeta.dcm"))));
    }

    @Test
    void bigEndianRgbMatchesItsLittleEndianCopy(@TempDir Path tmp) throws Exception {
        XrayImage big = image("ExplVR_BigEnd.dcm");
        Dcmtk.require();
        Path little = tmp.resolve("little.dcm");
        new ProcessBuilder("dcmconv", "+te", file("ExplVR_BigEnd.dcm").toString(), little.toString()).start()
                .waitFor();
        assertArrayEquals(DicomReader.read(little, ANY_SIZE).image().toIntArray(), big.toIntArray());
    }

    private static int maxDiff(int[] a, int[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double meanDiff(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (double) sum / a.length;
    }
}
