package io.github.covidxray.benchmarks;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.dicom.DicomException;
import io.github.covidxray.core.dicom.DicomReader;
import io.github.covidxray.core.testing.TestDicom;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 2048x2048 uncompressed DICOM (8 MiB of pixels) into an {@link XrayImage}, next to what merely
 * copying its pixel bytes into a {@code short[]} costs. {@code unsigned16} is the plain case (no lookup
 * table), {@code monochrome1Windowed12} the slowest native one (12-bit masked, VOI window and MONOCHROME1
 * inversion through a lookup table). {@link #main} writes the same file for a Python peer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DicomReadBenchmark {

    static final int SIZE = 2048;

    private byte[] unsigned16;
    private byte[] mono1Windowed12;
    private ReadOptions windowed;
    private int pixelOffset;

    @Setup
    public void setUp() {
        unsigned16 = file(16);
        mono1Windowed12 = TestDicom.builder(SIZE, SIZE).bits(16, 12).photometric("MONOCHROME1")
                .rescale(1, -1024).window(300, 1500).frame(values(4095)).build();
        windowed = ReadOptions.builder().optApplyVoiWindow(true).build();
        pixelOffset = unsigned16.length - SIZE * SIZE * 2;
    }

    static byte[] file(int bits) {
        return TestDicom.builder(SIZE, SIZE).bits(16, bits).frame(values((1 << bits) - 1)).build();
    }

    private static int[] values(int max) {
        SplittableRandom random = new SplittableRandom(7);
        int[] v = new int[SIZE * SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(max + 1);
        }
        return v;
    }

    /** @return the baseline: the pixel bytes copied into shorts, nothing else */
    @Benchmark
    public short[] copyPixelBytes() {
        short[] px = new short[SIZE * SIZE];
        ByteBuffer.wrap(unsigned16, pixelOffset, SIZE * SIZE * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .get(px);
        return px;
    }

    /** @return the image, through the DICOM reader */
    @Benchmark
    public XrayImage unsigned16() throws DicomException {
        return DicomReader.read(unsigned16, "bench.dcm", ReadOptions.defaults()).image();
    }

    /** @return the image, through {@code XrayImage.read} (format detection included) */
    @Benchmark
    public XrayImage unsigned16ViaXrayImageRead() throws InvalidImageException {
        return XrayImage.read(unsigned16, "bench.dcm");
    }

    /** @return the image with the window and MONOCHROME1 lookup table applied */
    @Benchmark
    public XrayImage monochrome1Windowed12() throws DicomException {
        return DicomReader.read(mono1Windowed12, "bench.dcm", windowed).image();
    }

    /**
     * Writes the benchmark's 16-bit file, for a Python peer to read the same bytes.
     *
     * @param args {@code [OUT.dcm]}
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench-2048-16bit.dcm");
        Files.write(out, file(16));
        System.out.println(out);
    }
}
