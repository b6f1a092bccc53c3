package io.github.covidxray.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestDicom.Syntax;
import io.github.covidxray.core.testing.TestImages;
import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pixel semantics and encodings, on files written by {@link TestDicom}. */
class DicomReaderTest {

    private static final int ROWS = 24;
    private static final int COLS = 20;
    private static final ReadOptions WINDOWED = ReadOptions.builder().optApplyVoiWindow(true).build();

    static int[] randomValues(int n, int min, int max, long seed) {
        Random r = new Random(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = min + r.nextInt(max - min + 1);
        }
        // The extremes must always be there: they are where off-by-one and sign bugs show.
        v[0] = min;
        v[n - 1] = max;
        return v;
    }

    static DicomImage read(byte[] file) throws DicomException {
        return DicomReader.read(file, "test.dcm", ReadOptions.defaults());
    }

    static int[] pixels(byte[] file, ReadOptions options) throws DicomException {
        return DicomReader.read(file, "test.dcm", options).image().toIntArray();
    }

    @ParameterizedTest
    @EnumSource(Syntax.class)
    void sixteenBitUnsignedRoundTripsInEveryEncoding(Syntax syntax) throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 65535, 1);
        byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).frame(values).build();
        DicomImage d = read(file);
        assertEquals(16, d.image().bitsStored());
        assertEquals(COLS, d.image().width());
        assertEquals(ROWS, d.image().height());
        assertArrayEquals(values, d.image().toIntArray());
        assertEquals(syntax.uid, d.metadata().transferSyntaxUid());
    }

    @ParameterizedTest
    @EnumSource(Syntax.class)
    void twelveBitValuesAreMaskedFromTheBitsAboveHighBit(Syntax syntax) throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 4095, 2);
        byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).bits(16, 12).garbageAboveHighBit(true)
                .frame(values).build();
        XrayImage image = read(file).image();
        assertEquals(12, image.bitsStored());
        assertEquals(4095, image.maxValue());
        assertArrayEquals(values, image.toIntArray());
    }

    @Test
    void valuesStoredHighInTheirCellAreShiftedDown() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 4095, 3);
        byte[] file = TestDicom.builder(ROWS, COLS).bits(16, 12).highBit(15).frame(values).build();
        assertArrayEquals(values, pixels(file, ReadOptions.defaults()));
    }

    @ParameterizedTest
    @EnumSource(Syntax.class)
    void eightBitImagesStayEightBitWithAnOddPixelCount(Syntax syntax) throws Exception {
        int[] values = randomValues(17 * 19, 0, 255, 4);
        byte[] file = TestDicom.builder(17, 19).syntax(syntax).bits(8, 8).frame(values).build();
        XrayImage image = read(file).image();
        assertTrue(image.is8Bit());
        assertArrayEquals(values, image.toIntArray());
    }

    @ParameterizedTest
    @EnumSource(value = Syntax.class, names = {"EXPLICIT_LE", "EXPLICIT_BE", "RLE"})
    void signedValuesAreShiftedByTheSmallestRepresentableValue(Syntax syntax) throws Exception {
        int[] values = randomValues(ROWS * COLS, -32768, 32767, 5);
        byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).signed(true).frame(values).build();
        int[] out = pixels(file, ReadOptions.defaults());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] + 32768, out[i], "pixel " + i);
        }
    }

    @Test
    void signedTwelveBitKeepsTwelveBits() throws Exception {
        int[] values = randomValues(ROWS * COLS, -2048, 2047, 6);
        byte[] file = TestDicom.builder(ROWS, COLS).bits(16, 12).signed(true).garbageAboveHighBit(true)
                .frame(values).build();
        XrayImage image = read(file).image();
        assertEquals(12, image.bitsStored());
        int[] out = image.toIntArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] + 2048, out[i], "pixel " + i);
        }
    }

    @Test
    void positiveRescaleKeepsTheFullRangeMappingAndNegativeSlopeFlipsIt() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 4095, 7);
        TestDicom.Builder base = TestDicom.builder(ROWS, COLS).bits(16, 12).frame(values);
        int[] plain = pixels(base.build(), ReadOptions.defaults());
        int[] rescaled = pixels(base.rescale(2.5, -1024).build(), ReadOptions.defaults());
        assertArrayEquals(plain, rescaled);
        int[] flipped = pixels(base.rescale(-1, 100).build(), ReadOptions.defaults());
        for (int i = 0; i < values.length; i++) {
            assertEquals(4095 - values[i], flipped[i], "pixel " + i);
        }
    }

    @Test
    void monochrome1IsInvertedSoBoneIsBright() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 1023, 8);
        byte[] mono1 = TestDicom.builder(ROWS, COLS).bits(16, 10).photometric("MONOCHROME1").frame(values).build();
        DicomImage d = read(mono1);
        assertTrue(d.metadata().isMonochrome1());
        int[] out = d.image().toIntArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals(1023 - values[i], out[i], "pixel " + i);
        }
    }

    @Test
    void linearWindowClipsOutsideAndRisesInside() throws Exception {
        // 12-bit stored, modality = stored - 1024; window 0 +- 200 in modality units.
        int[] values = new int[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1024 - 240 + i; // modality -240 .. 239
        }
        byte[] file = TestDicom.builder(ROWS, COLS).bits(16, 12).rescale(1, -1024).window(0, 400).frame(values)
                .build();
        int[] out = pixels(file, WINDOWED);
        int max = 4095;
        for (int i = 0; i < values.length; i++) {
            int modality = values[i] - 1024;
            if (modality <= -200) {
                assertEquals(0, out[i], "below the window at modality " + modality);
            } else if (modality > 199) {
                assertEquals(max, out[i], "above the window at modality " + modality);
            } else {
                double expected = ((modality + 0.5) / 399 + 0.5) * max;
                assertEquals(expected, out[i], 0.51, "inside the window at modality " + modality);
            }
        }
        // The window must change the picture: without it the values keep their stored range.
        assertFalse(java.util.Arrays.equals(out, pixels(file, ReadOptions.defaults())));
    }

    @Test
    void linearExactAndSigmoidFollowTheirDefinitions() throws Exception {
        int[] values = new int[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000 + i;
        }
        TestDicom.Builder b = TestDicom.builder(ROWS, COLS).bits(16, 12).window(1200, 100).frame(values);
        int[] exact = pixels(b.voiLutFunction("LINEAR_EXACT").build(), WINDOWED);
        int[] sigmoid = pixels(b.voiLutFunction("SIGMOID").build(), WINDOWED);
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            double lin = x <= 1150 ? 0 : x > 1250 ? 1 : (x - 1200) / 100 + 0.5;
            assertEquals(lin * 4095, exact[i], 0.51, "LINEAR_EXACT at " + x);
            assertEquals(4095 / (1 + Math.exp(-4 * (x - 1200) / 100)), sigmoid[i], 0.51, "SIGMOID at " + x);
        }
    }

    @Test
    void windowOnMonochrome1IsInvertedAfterTheWindow() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 255, 9);
        TestDicom.Builder b = TestDicom.builder(ROWS, COLS).bits(8, 8).window(128, 64).frame(values);
        int[] mono2 = pixels(b.build(), WINDOWED);
        int[] mono1 = pixels(b.photometric("MONOCHROME1").build(), WINDOWED);
        for (int i = 0; i < values.length; i++) {
            assertEquals(255 - mono2[i], mono1[i], "pixel " + i);
        }
    }

    @Test
    void windowRequestedButAbsentFallsBackToTheFullRange() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 4095, 10);
        byte[] file = TestDicom.builder(ROWS, COLS).bits(16, 12).frame(values).build();
        assertArrayEquals(values, pixels(file, WINDOWED));
    }

    @Test
    void unknownVoiFunctionIsAnErrorOnlyWhenTheWindowIsApplied() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 255, 11);
        byte[] file = TestDicom.builder(ROWS, COLS).bits(8, 8).window(128, 64).voiLutFunction("CUBIC")
                .frame(values).build();
        assertArrayEquals(values, pixels(file, ReadOptions.defaults()));
        DicomException e = assertThrows(DicomException.class, () -> pixels(file, WINDOWED));
        assertTrue(e.getMessage().contains("(0028,1056) VOILUTFunction is 'CUBIC'"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Syntax.class, names = {"IMPLICIT_LE", "EXPLICIT_BE", "DEFLATED", "RLE"})
    void anyFrameOfAMultiFrameFileCanBeRead(Syntax syntax) throws Exception {
        TestDicom.Builder b = TestDicom.builder(ROWS, COLS).syntax(syntax).bits(16, 12);
        int[][] frames = new int[3][];
        for (int f = 0; f < 3; f++) {
            frames[f] = randomValues(ROWS * COLS, 0, 4095, 20 + f);
            b.frame(frames[f]);
        }
        byte[] file = b.build();
        assertEquals(3, read(file).metadata().numberOfFrames());
        assertArrayEquals(frames[0], pixels(file, ReadOptions.defaults()));
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(frames[f], pixels(file, ReadOptions.builder().optFrame(f).build()), "frame " + f);
        }
        DicomException e = assertThrows(DicomException.class,
                () -> pixels(file, ReadOptions.builder().optFrame(3).build()));
        assertTrue(e.getMessage().contains("(0028,0008) NumberOfFrames is 3"), e.getMessage());
    }

    @Test
    void rleFramesAreFoundWithoutABasicOffsetTable() throws Exception {
        TestDicom.Builder b = TestDicom.builder(ROWS, COLS).syntax(Syntax.RLE).rleOffsetTable(false).bits(8, 8);
        int[] second = randomValues(ROWS * COLS, 0, 255, 31);
        b.frame(randomValues(ROWS * COLS, 0, 255, 30)).frame(second);
        assertArrayEquals(second, pixels(b.build(), ReadOptions.builder().optFrame(1).build()));
    }

    @ParameterizedTest
    @EnumSource(value = Syntax.class, names = {"IMPLICIT_LE", "EXPLICIT_LE", "EXPLICIT_BE"})
    void bareDatasetsWithoutPreambleAreRecognisedAndRead(Syntax syntax) throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 65535, 12);
        byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).preamble(false).frame(values).build();
        assertTrue(DicomReader.isDicom(file));
        assertArrayEquals(values, pixels(file, ReadOptions.defaults()));
        assertArrayEquals(values, XrayImage.read(file, "bare").toIntArray());
    }

    @ParameterizedTest
    @EnumSource(value = Syntax.class, names = {"EXPLICIT_LE", "EXPLICIT_BE", "RLE"})
    void rgbBecomesBt601LumaInterleavedOrPlanar(Syntax syntax) throws Exception {
        int n = ROWS * COLS;
        int[] rgb = randomValues(3 * n, 0, 255, 13);
        for (boolean planar : new boolean[] {false, true}) {
            byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).bits(8, 8).colour("RGB", planar).frame(rgb)
                    .build();
            int[] out = pixels(file, ReadOptions.defaults());
            for (int i = 0; i < n; i++) {
                double luma = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
                assertEquals(luma, out[i], 0.51, "pixel " + i + (planar ? " planar" : " interleaved"));
            }
        }
    }

    @Test
    void ybrFullUsesItsLumaChannel() throws Exception {
        int n = ROWS * COLS;
        int[] ybr = randomValues(3 * n, 0, 255, 14);
        byte[] file = TestDicom.builder(ROWS, COLS).bits(8, 8).colour("YBR_FULL", false).frame(ybr).build();
        int[] out = pixels(file, ReadOptions.defaults());
        for (int i = 0; i < n; i++) {
            assertEquals(ybr[3 * i], out[i], "pixel " + i);
        }
    }

    @Test
    void jpegBaselineFramesDecodeLikeTheSameJpegFile() throws Exception {
        BufferedImage first = TestImages.chestLike(64, 48, 1);
        BufferedImage second = TestImages.chestLike(64, 48, 2);
        byte[] jpeg1 = TestImages.encode(first, "jpeg");
        byte[] jpeg2 = TestImages.encode(second, "jpeg");
        byte[] file = TestDicom.builder(48, 64).bits(8, 8)
                .encapsulated("1.2.840.10008.1.2.4.50", List.of(jpeg1, jpeg2)).build();
        assertArrayEquals(XrayImage.read(jpeg1, "1.jpg").toIntArray(), pixels(file, ReadOptions.defaults()));
        int[] frame2 = pixels(file, ReadOptions.builder().optFrame(1).build());
        assertArrayEquals(XrayImage.read(jpeg2, "2.jpg").toIntArray(), frame2);
        int[] original = XrayImage.ofGray8(64, 48, ((DataBufferByte) second.getRaster().getDataBuffer()).getData(),
                "o").toIntArray();
        double mean = 0;
        for (int i = 0; i < original.length; i++) {
            mean += Math.abs(original[i] - frame2[i]) / (double) original.length;
        }
        // Noise of sd 12 at the writer's default quality: about half the noise survives.
        assertTrue(mean < 10, "lossy but close: mean difference " + mean);
    }

    @Test
    void jpeg2000LosslessTwelveBitIsExact() throws Exception {
        int[] values = randomValues(48 * 64, 0, 4095, 17);
        BufferedImage img = TestImages.gray16(64, 48, (x, y) -> values[y * 64 + x]);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg2000").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
            param.setLossless(true);
            param.setWriteCodeStreamOnly(true);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] file = TestDicom.builder(48, 64).bits(16, 12)
                .encapsulated("1.2.840.10008.1.2.4.90", List.of(bytes.toByteArray())).build();
        XrayImage image = read(file).image();
        assertEquals(12, image.bitsStored());
        assertArrayEquals(values, image.toIntArray());
    }

    @Test
    void metadataCarriesTheHeaderValues() throws Exception {
        byte[] file = TestDicom.builder(ROWS, COLS).bits(16, 12).rescale(1, -1024).window(40, 400)
                .photometric("MONOCHROME1").frame(new int[ROWS * COLS]).build();
        DicomMetadata md = read(file).metadata();
        assertEquals("TEST-PATIENT-1", md.patientId());
        assertEquals("DX", md.modality());
        assertEquals("PA", md.viewPosition());
        assertEquals("1.2.826.0.1.3680043.8.498.2", md.studyInstanceUid());
        assertEquals("1.2.826.0.1.3680043.8.498.1", md.sopInstanceUid());
        assertEquals("MONOCHROME1", md.photometricInterpretation());
        assertEquals(ROWS, md.rows());
        assertEquals(COLS, md.columns());
        assertEquals(16, md.bitsAllocated());
        assertEquals(12, md.bitsStored());
        assertEquals(11, md.highBit());
        assertEquals(0, md.pixelRepresentation());
        assertEquals(1.0, md.rescaleSlope());
        assertEquals(-1024.0, md.rescaleIntercept());
        assertEquals(40.0, md.windowCenter());
        assertEquals(400.0, md.windowWidth());
        assertNull(md.voiLutFunction());
        assertEquals(1, md.numberOfFrames());
        assertFalse(md.toMap().toString().contains("Test^Patient"), "no patient name in the metadata");
        assertFalse(md.toMap().toString().contains("19700101"), "no birth date in the metadata");
    }

    @Test
    void headerOnlyReadingGrowsPastLargeHeaders(@TempDir Path dir) throws Exception {
        // A 200 kB private element before the pixel data: more than the first prefix read.
        Path file = TestDicom.builder(ROWS, COLS).rawElement(0x00091020, "OB", new byte[200_000])
                .frame(new int[ROWS * COLS]).write(dir.resolve("big-header.dcm"));
        DicomMetadata md = DicomReader.readMetadata(file);
        assertEquals("TEST-PATIENT-1", md.patientId());
        assertEquals(ROWS, md.rows());
        assertEquals(md, DicomReader.readMetadata(Files.readAllBytes(file), file.toString()));
    }

    @Test
    void nestedUndefinedLengthSequencesAreWalked() throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 65535, 15);
        for (Syntax syntax : new Syntax[] {Syntax.IMPLICIT_LE, Syntax.EXPLICIT_LE, Syntax.EXPLICIT_BE}) {
            byte[] file = TestDicom.builder(ROWS, COLS).syntax(syntax).nestedSequence(8).frame(values).build();
            assertArrayEquals(values, pixels(file, ReadOptions.defaults()), syntax.name());
        }
    }

    @Test
    void xrayImageReadsDicomByContentWhateverTheFileName(@TempDir Path dir) throws Exception {
        int[] values = randomValues(ROWS * COLS, 0, 4095, 16);
        Path file = TestDicom.builder(ROWS, COLS).bits(16, 12).frame(values).write(dir.resolve("image.png"));
        XrayImage image = XrayImage.read(file);
        assertEquals(12, image.bitsStored());
        assertArrayEquals(values, image.toIntArray());
        // And PNG still goes through ImageIO.
        byte[] png = TestImages.encode(TestImages.gray8(32, 32, (x, y) -> x * 8), "png");
        assertFalse(DicomReader.isDicom(png));
        assertEquals(31 * 8, XrayImage.read(png, "p.png").pixel(31, 0));
    }

    @Test
    void sizeLimitsAreCheckedBeforeDecoding() throws Exception {
        byte[] file = TestDicom.builder(ROWS, COLS).frame(new int[ROWS * COLS]).build();
        DicomException big = assertThrows(DicomException.class,
                () -> DicomReader.read(file, "big.dcm", ReadOptions.builder().optMaxPixels(100).build()));
        assertTrue(big.getMessage().contains("exceeds the limit of 100 pixels"), big.getMessage());
        DicomException small = assertThrows(DicomException.class,
                () -> DicomReader.read(file, "small.dcm", ReadOptions.builder().optMinSide(32).build()));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
    }
}
