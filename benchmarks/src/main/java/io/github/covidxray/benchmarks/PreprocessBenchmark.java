package io.github.covidxray.benchmarks;

import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
 * The inference hot path before the model: a 1024x1024 8-bit PNG to a normalised 3x224x224 tensor.
 * {@code imageIoSimpleLoop} is the plain-Java baseline the issue measured (ImageIO + a straightforward
 * area-average loop); the Python peer is {@code shared/tools/peers/preprocess_bench.py} on the PNG that
 * {@link BenchImages#main} writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PreprocessBenchmark {

    private byte[] png;
    private XrayImage decoded;
    private XrayPreprocessor preprocessor;
    private float[] out;

    /** Builds the image and the preprocessor once per thread. */
    @Setup
    public void setup() throws IOException {
        png = BenchImages.png(BenchImages.chest8(1024));
        decoded = XrayImage.read(png, "bench.png");
        preprocessor = new XrayPreprocessor(PreprocessingSpec.imagenet(224));
        out = new float[preprocessor.spec().sampleSize()];
    }

    /** Decoding alone. */
    @Benchmark
    public XrayImage decode() throws IOException {
        return XrayImage.read(png, "bench.png");
    }

    /** Resize + normalise + replicate to 3 channels, from a decoded image, into a reused buffer. */
    @Benchmark
    public float[] preprocess() {
        preprocessor.toChw(decoded, out, 0);
        return out;
    }

    /** The whole path: PNG bytes to tensor. */
    @Benchmark
    public float[] decodeAndPreprocess() throws IOException {
        preprocessor.toChw(XrayImage.read(png, "bench.png"), out, 0);
        return out;
    }

    /** Baseline: ImageIO decode and a naive per-pixel area average over the raster. */
    @Benchmark
    public float[] imageIoSimpleLoop() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        var raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        float[] result = new float[3 * 224 * 224];
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        for (int oy = 0; oy < 224; oy++) {
            int y0 = oy * h / 224;
            int y1 = (oy + 1) * h / 224;
            for (int ox = 0; ox < 224; ox++) {
                int x0 = ox * w / 224;
                int x1 = (ox + 1) * w / 224;
                float sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += raster.getSample(x, y, 0);
                    }
                }
                float u = sum / ((y1 - y0) * (x1 - x0)) / 255f;
                for (int c = 0; c < 3; c++) {
                    result[c * 224 * 224 + oy * 224 + ox] = (u - mean[c]) / std[c];
                }
            }
        }
        return result;
    }
}
