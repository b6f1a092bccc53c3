package io.github.covidxray.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.Dcmtk;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.core.testing.TestDicom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real chest X-rays turned into DICOM by dcmtk at test time (never stored): every lossless encoding
 * and the inverted MONOCHROME1 copy must give back the PNG's pixels. Skipped without dcmtk or the
 * shared data.
 */
class DcmtkChestXrayTest {

    @TempDir
    Path tmp;

    private List<Path> pngs;

    @BeforeEach
    void pickImages() throws IOException {
        Path cxr = SharedData.requireCxr();
        Dcmtk.require();
        pngs = new ArrayList<>();
        for (String label : List.of("covid", "normal", "pneumonia")) {
            try (Stream<Path> files = Files.list(cxr.resolve("train").resolve(label))) {
                files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().ifPresent(pngs::add);
            }
        }
        assertEquals(3, pngs.size(), "one image of each class");
    }

    @Test
    void everyLosslessEncodingGivesThePngPixels() throws Exception {
        for (Path png : pngs) {
            int[] expected = XrayImage.read(png).toIntArray();
            Path base = Dcmtk.fromPng(png, tmp.resolve("base.dcm"));
            DicomImage d = DicomReader.read(base);
            assertEquals("DCMTK-TEST", d.metadata().patientId());
            assertArrayEquals(expected, d.image().toIntArray(), png + " as explicit VR little endian");
            assertArrayEquals(expected, XrayImage.read(base).toIntArray(), png + " through XrayImage.read");
            for (Dcmtk.Encoding encoding : Dcmtk.Encoding.values()) {
                Path out = Dcmtk.transcode(base, encoding, tmp.resolve(encoding + ".dcm"));
                int[] actual = DicomReader.read(out).image().toIntArray();
                if (encoding.lossy()) {
                    // dcmtk's own decoder is the reference for the lossy file; the PNG is only roughly it.
                    Path reference = Dcmtk.decompressJpeg(out, tmp.resolve("decompressed.dcm"));
                    assertClose(DicomReader.read(reference).image().toIntArray(), actual, 0.5, 2,
                            png + " " + encoding + " vs dcmdjpeg");
                    assertClose(expected, actual, 6, 48, png + " " + encoding + " vs the PNG");
                } else {
                    assertArrayEquals(expected, actual, png + " " + encoding);
                }
            }
        }
    }

    @Test
    void invertedMonochrome1CopyMapsBackToThePng() throws Exception {
        for (Path png : pngs) {
            int[] expected = XrayImage.read(png).toIntArray();
            Path mono1 = Dcmtk.fromPngMonochrome1(png, tmp.resolve("mono1.dcm"));
            DicomImage d = DicomReader.read(mono1);
            assertTrue(d.metadata().isMonochrome1());
            assertArrayEquals(expected, d.image().toIntArray(), png.toString());
            Path rle = Dcmtk.transcode(mono1, Dcmtk.Encoding.RLE, tmp.resolve("mono1-rle.dcm"));
            assertArrayEquals(expected, DicomReader.read(rle).image().toIntArray(), png + " RLE");
        }
    }

    @Test
    void twelveBitCopiesSurviveDcmtkLosslessCompression() throws Exception {
        XrayImage png = XrayImage.read(pngs.get(0));
        int w = png.width();
        int[] values = png.toIntArray();
        for (int i = 0; i < values.length; i++) {
            // Use all 12 bits: the 8-bit value in the high bits, a position pattern in the low ones.
            values[i] = values[i] << 4 | ((i % w) * 7 + (i / w) * 3) & 15;
        }
        Path twelve = TestDicom.builder(png.height(), w).bits(16, 12).frame(values).write(tmp.resolve("12.dcm"));
        for (Dcmtk.Encoding encoding : List.of(Dcmtk.Encoding.RLE, Dcmtk.Encoding.JPEG_LOSSLESS_SV1,
                Dcmtk.Encoding.JPEG_LOSSLESS, Dcmtk.Encoding.BIG_ENDIAN, Dcmtk.Encoding.DEFLATED)) {
            Path out = Dcmtk.transcode(twelve, encoding, tmp.resolve("12-" + encoding + ".dcm"));
            XrayImage image = DicomReader.read(out, ReadOptions.defaults()).image();
            assertEquals(12, image.bitsStored(), encoding.name());
            assertArrayEquals(values, image.toIntArray(), encoding.name());
        }
    }

    private static void assertClose(int[] expected, int[] actual, double meanLimit, int maxLimit, String what) {
        long sum = 0;
        int max = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs(expected[i] - actual[i]);
            sum += d;
            max = Math.max(max, d);
        }
        double mean = (double) sum / expected.length;
        assertTrue(mean <= meanLimit && max <= maxLimit, what + ": mean difference " + mean + ", max " + max);
    }
}
