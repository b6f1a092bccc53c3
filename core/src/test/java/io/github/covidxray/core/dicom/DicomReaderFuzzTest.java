package io.github.covidxray.core.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.testing.Dcmtk;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestDicom.Syntax;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the DICOM reader: any bytes either decode or fail with a {@link DicomException};
 * anything else (another exception, a hang, running out of memory) is a bug. Without
 * {@code JAZZER_FUZZ=1} Jazzer runs the committed seed corpus in
 * {@code src/test/resources/.../DicomReaderFuzzTestInputs/fuzzRead} as ordinary regression tests; with
 * it, it fuzzes (for example
 * {@code JAZZER_FUZZ=1 mvn -o test -pl core -Dtest=DicomReaderFuzzTest#fuzzRead}).
 */
class DicomReaderFuzzTest {

    /** Small limits keep every allocation a fuzzed header can ask for small. */
    private static final ReadOptions OPTIONS = ReadOptions.builder().optMaxPixels(1 << 16).optMinSide(1).build();

    @FuzzTest(maxDuration = "5m")
    void fuzzRead(byte[] data) {
        try {
            DicomReader.read(data, "fuzz", OPTIONS);
        } catch (DicomException expected) {
            // Malformed input must end here, with a message.
        }
        try {
            DicomReader.readMetadata(data, "fuzz");
        } catch (DicomException expected) {
            // Same for the header-only path.
        }
    }

    /**
     * Rewrites the seed corpus from {@link TestDicom} (and dcmtk, for JPEG lossless) when run with
     * {@code -Dcovidxray.writeFuzzSeeds=core/src/test/resources/io/github/covidxray/core/dicom/DicomReaderFuzzTestInputs/fuzzRead}.
     */
    @Test
    void writeSeeds() throws Exception {
        String target = System.getProperty("covidxray.writeFuzzSeeds");
        assumeTrue(target != null, "seed writing not asked for (-Dcovidxray.writeFuzzSeeds=DIR)");
        Path dir = Files.createDirectories(Path.of(target));
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
        if (Dcmtk.onPath("dcmcjpeg")) {
            Path source = dir.resolve("explicit-12bit-window.dcm");
            Dcmtk.transcode(source, Dcmtk.Encoding.JPEG_LOSSLESS_SV1, dir.resolve("jpeg-lossless-12bit.dcm"));
        }
    }

    static Map<String, byte[]> seeds() {
        int n = 8 * 8;
        int[] gray12 = DicomReaderTest.randomValues(n, 0, 4095, 1);
        int[] gray8 = DicomReaderTest.randomValues(n, 0, 255, 2);
        int[] signed = DicomReaderTest.randomValues(n, -32768, 32767, 3);
        int[] rgb = DicomReaderTest.randomValues(3 * n, 0, 255, 4);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("explicit-12bit-window.dcm", TestDicom.builder(8, 8).bits(16, 12).rescale(1, -1024)
                .window(0, 400).frame(gray12).build());
        seeds.put("implicit-8bit-mono1.dcm", TestDicom.builder(8, 8).syntax(Syntax.IMPLICIT_LE).bits(8, 8)
                .photometric("MONOCHROME1").frame(gray8).build());
        seeds.put("bigendian-signed.dcm", TestDicom.builder(8, 8).syntax(Syntax.EXPLICIT_BE).signed(true)
                .frame(signed).build());
        seeds.put("deflated-sigmoid.dcm", TestDicom.builder(8, 8).syntax(Syntax.DEFLATED).bits(16, 12)
                .window(2048, 1000).voiLutFunction("SIGMOID").frame(gray12).build());
        seeds.put("rle-2frames.dcm", TestDicom.builder(8, 8).syntax(Syntax.RLE).bits(8, 8).frame(gray8)
                .frame(gray8).build());
        seeds.put("rle-rgb-16bit.dcm", TestDicom.builder(8, 8).syntax(Syntax.RLE).colour("RGB", false)
                .frame(DicomReaderTest.randomValues(3 * n, 0, 65535, 5)).build());
        seeds.put("planar-rgb.dcm", TestDicom.builder(8, 8).bits(8, 8).colour("RGB", true).frame(rgb).build());
        seeds.put("ybr-full.dcm", TestDicom.builder(8, 8).bits(8, 8).colour("YBR_FULL", false).frame(rgb).build());
        seeds.put("nested-sequences.dcm", TestDicom.builder(8, 8).nestedSequence(4).highBit(15).bits(16, 10)
                .garbageAboveHighBit(true).frame(DicomReaderTest.randomValues(n, 0, 1023, 6)).build());
        seeds.put("bare-implicit.dcm", TestDicom.builder(8, 8).syntax(Syntax.IMPLICIT_LE).preamble(false)
                .frame(gray12).build());
        seeds.put("jpeg-baseline.dcm", TestDicom.builder(16, 16).bits(8, 8).encapsulated("1.2.840.10008.1.2.4.50",
                List.of(TestImages.encode(TestImages.chestLike(16, 16, 7), "jpeg"))).build());
        return seeds;
    }
}
