package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeometryTest {

    static Stream<XrayImage> images() {
        return Stream.of(TestImages.gray8(37, 23, 1), TestImages.gray16(37, 23, 16, 2),
                TestImages.gray16(20, 31, 12, 3));
    }

    static Stream<Arguments> imagesAndOptions() {
        return images().flatMap(img -> Stream.of(Interpolation.values()).flatMap(i -> Stream.of(Border.values())
                .map(b -> Arguments.of(img, WarpOptions.builder().optInterpolation(i).optBorder(b).build()))));
    }

    @ParameterizedTest
    @MethodSource("imagesAndOptions")
    void identityWarpReturnsInputExactly(XrayImage image, WarpOptions options) {
        // Bypass the identity shortcut in Geometry.warp: the kernel itself must be exact.
        Plane out = AffineWarp.warp(Plane.copyOf(image), AffineMatrix.identity(), options, null);
        assertArrayEquals(image.toIntArray(), out.toImage("x").toIntArray());
        assertArrayEquals(image.toIntArray(), Geometry.affine(image, AffineParams.IDENTITY, options).toIntArray());
    }

    @ParameterizedTest
    @MethodSource("imagesAndOptions")
    void integerShiftMovesPixelsExactly(XrayImage image, WarpOptions options) {
        int dx = 3;
        int dy = -2;
        XrayImage out = Geometry.warp(image, AffineMatrix.translation(dx, dy), options);
        int w = image.width();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                int sx = x - dx;
                int sy = y - dy;
                if (sx >= 0 && sx < w && sy >= 0 && sy < image.height()) {
                    assertEquals(image.pixel(sx, sy), out.pixel(x, y), "pixel " + x + "," + y);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("imagesAndOptions")
    void quarterTurnsOfASquareMovePixelsLikeArrayRotation(XrayImage any, WarpOptions options) {
        int n = any.height() % 2 == 0 ? 16 : 15; // both even and odd sizes
        XrayImage square = any.is8Bit() ? TestImages.gray8(n, n, 7) : TestImages.gray16(n, n, any.bitsStored(), 7);
        XrayImage quarter = Geometry.affine(square, AffineParams.rotation(90), options);
        XrayImage half = Geometry.affine(square, AffineParams.rotation(180), options);
        XrayImage back = Geometry.affine(square, AffineParams.rotation(-90), options);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                // Counter-clockwise on screen: output (x, y) shows input (n-1-y, x), i.e. numpy's rot90.
                assertEquals(square.pixel(n - 1 - y, x), quarter.pixel(x, y), "90° at " + x + "," + y);
                assertEquals(square.pixel(n - 1 - x, n - 1 - y), half.pixel(x, y), "180° at " + x + "," + y);
                assertEquals(square.pixel(y, n - 1 - x), back.pixel(x, y), "-90° at " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("imagesAndOptions")
    void warpMatchesAStraightforwardReferenceSampler(XrayImage image, WarpOptions options) {
        AffineMatrix forward = new AffineParams(17.3, 0.12, -0.2, 0.83, 6, -4).toMatrix(image.width(), image.height());
        int[] actual = Geometry.warp(image, forward, options).toIntArray();
        int[] expected = referenceWarp(image, forward.inverse(), options);
        int tolerance = image.is8Bit() ? 1 : 2;
        int mismatches = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                mismatches++;
            }
        }
        // Nearest may round a position that lies exactly between two pixels either way.
        int allowed = options.interpolation() == Interpolation.NEAREST ? expected.length / 200 : 0;
        assertTrue(mismatches <= allowed, mismatches + " pixels differ from the reference");
    }

    /** Bilinear / nearest sampling in plain double arithmetic, one pixel at a time. */
    private static int[] referenceWarp(XrayImage image, AffineMatrix inv, WarpOptions options) {
        int w = image.width();
        int h = image.height();
        int fill = (int) Math.round(options.fill() * image.maxValue());
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = inv.mapX(x + 0.5, y + 0.5) - 0.5;
                double v = inv.mapY(x + 0.5, y + 0.5) - 0.5;
                if (options.interpolation() == Interpolation.NEAREST) {
                    out[y * w + x] = read(image, (long) Math.floor(u + 0.5), (long) Math.floor(v + 0.5), options, fill);
                    continue;
                }
                long x0 = (long) Math.floor(u);
                long y0 = (long) Math.floor(v);
                double fx = u - x0;
                double fy = v - y0;
                double top = read(image, x0, y0, options, fill) * (1 - fx) + read(image, x0 + 1, y0, options, fill) * fx;
                double bottom = read(image, x0, y0 + 1, options, fill) * (1 - fx)
                        + read(image, x0 + 1, y0 + 1, options, fill) * fx;
                out[y * w + x] = (int) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static int read(XrayImage image, long x, long y, WarpOptions options, int fill) {
        int w = image.width();
        int h = image.height();
        if (x >= 0 && x < w && y >= 0 && y < h) {
            return image.pixel((int) x, (int) y);
        }
        switch (options.border()) {
            case EDGE:
                return image.pixel((int) Math.max(0, Math.min(w - 1, x)), (int) Math.max(0, Math.min(h - 1, y)));
            case REFLECT:
                return image.pixel(mirror(x, w), mirror(y, h));
            default:
                return fill;
        }
    }

    private static int mirror(long i, int n) {
        // Mirror at the edges, edge pixel repeated: ... 1 0 | 0 1 ... n-1 | n-1 n-2 ...
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2L * n - 1 - i;
        }
        return (int) i;
    }

    @Test
    void quarterTurnEqualsTransposeThenFlip() {
        XrayImage square = TestImages.gray8(24, 24, 11);
        XrayImage rotated = Geometry.affine(square, AffineParams.rotation(90), WarpOptions.defaults());
        // Transposing the rotated image and flipping it left-right must give the original back.
        int n = 24;
        byte[] transposed = new byte[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                transposed[y * n + x] = (byte) rotated.pixel(y, x);
            }
        }
        XrayImage restored = Geometry.flipHorizontal(XrayImage.ofGray8(n, n, transposed, "t"));
        assertArrayEquals(square.toIntArray(), restored.toIntArray());
    }

    @ParameterizedTest
    @MethodSource("images")
    void flipTwiceIsIdentityAndFlipMirrorsRows(XrayImage image) {
        XrayImage once = Geometry.flipHorizontal(image);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                assertEquals(image.pixel(image.width() - 1 - x, y), once.pixel(x, y));
            }
        }
        assertArrayEquals(image.toIntArray(), Geometry.flipHorizontal(once).toIntArray());
        // The same mirror as a warp (as the pipeline does it) moves pixels exactly too.
        XrayImage warped = Geometry.warp(image, AffineMatrix.horizontalFlip(image.width()), WarpOptions.defaults());
        assertArrayEquals(once.toIntArray(), warped.toIntArray());
    }

    @ParameterizedTest
    @MethodSource("images")
    void sizeAndDepthAreKept(XrayImage image) {
        AffineParams p = new AffineParams(7.3, 0.05, -0.08, 1.07, 3, -2);
        for (Interpolation i : Interpolation.values()) {
            XrayImage out = Geometry.affine(image, p,
                    WarpOptions.builder().optInterpolation(i).optBorder(Border.REFLECT).build());
            assertEquals(image.width(), out.width());
            assertEquals(image.height(), out.height());
            assertEquals(image.bitsStored(), out.bitsStored());
            assertEquals(image.is8Bit(), out.is8Bit());
            assertTrue(java.util.Arrays.stream(out.toIntArray()).allMatch(v -> v <= image.maxValue()));
        }
    }

    @Test
    void halfPixelShiftAveragesNeighboursBilinearly() {
        byte[] px = {0, 100, (byte) 200, (byte) 250};
        XrayImage row = XrayImage.ofGray8(4, 1, px, "row");
        XrayImage out = Geometry.warp(row, AffineMatrix.translation(-0.5, 0),
                WarpOptions.builder().optBorder(Border.EDGE).build());
        assertArrayEquals(new int[] {50, 150, 225, 250}, out.toIntArray());
    }

    @Test
    void bordersFillReadEdgeOrMirror() {
        byte[] px = {10, 20, 30, 40, 50};
        XrayImage row = XrayImage.ofGray8(5, 1, px, "row");
        AffineMatrix right2 = AffineMatrix.translation(2, 0);
        XrayImage constant = Geometry.warp(row, right2,
                WarpOptions.builder().optBorder(Border.CONSTANT).optFill(1.0).build());
        XrayImage edge = Geometry.warp(row, right2, WarpOptions.builder().optBorder(Border.EDGE).build());
        XrayImage reflect = Geometry.warp(row, right2, WarpOptions.builder().optBorder(Border.REFLECT).build());
        assertArrayEquals(new int[] {255, 255, 10, 20, 30}, constant.toIntArray());
        assertArrayEquals(new int[] {10, 10, 10, 20, 30}, edge.toIntArray());
        assertArrayEquals(new int[] {20, 10, 10, 20, 30}, reflect.toIntArray());
    }

    @Test
    void sixteenBitExtremesSurviveBilinearBlendingWithoutOverflow() {
        short[] px = new short[64];
        java.util.Arrays.fill(px, (short) 65535);
        XrayImage white = XrayImage.ofGray16(8, 8, px, "white");
        XrayImage out = Geometry.affine(white, new AffineParams(13, 0, 0, 1.3, 0, 0),
                WarpOptions.builder().optBorder(Border.EDGE).build());
        assertTrue(java.util.Arrays.stream(out.toIntArray()).allMatch(v -> v == 65535));
    }

    @Test
    void fullImageCropIsIdentityAndHalfCropDoublesPixels() {
        XrayImage image = TestImages.gray8(8, 6, 5);
        WarpOptions nearest = WarpOptions.builder().optInterpolation(Interpolation.NEAREST).build();
        assertArrayEquals(image.toIntArray(),
                Geometry.resizedCrop(image, new Geometry.CropBox(0, 0, 8, 6), nearest).toIntArray());
        XrayImage zoomed = Geometry.resizedCrop(image, new Geometry.CropBox(2, 1, 4, 3), nearest);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(image.pixel(2 + x / 2, 1 + y / 2), zoomed.pixel(x, y), "at " + x + "," + y);
            }
        }
    }

    @Test
    void composedMatricesApplyInOrderAndInvert() {
        AffineMatrix m = AffineMatrix.rotation(30, 5, 5).then(AffineMatrix.translation(2, -1));
        assertEquals(AffineMatrix.rotation(30, 5, 5).mapX(1, 2) + 2, m.mapX(1, 2), 1e-12);
        AffineMatrix round = m.then(m.inverse());
        for (double v : List.of(round.a() - 1, round.b(), round.c(), round.d(), round.e() - 1, round.f())) {
            assertEquals(0, v, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new AffineMatrix(1, 2, 0, 2, 4, 0).inverse());
    }

    @Test
    void invalidParametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AffineParams(0, 0, 0, -1, 0, 0));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WarpOptions.builder().optFill(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> new Geometry.CropBox(0, 0, 0, 5));
    }
}
