package io.github.covidxray.augment;

import io.github.covidxray.core.XrayImage;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.SplittableRandom;

/** Synthetic test images: a smooth chest-like gradient with structure and noise, at 8 and 16 bits. */
final class TestImages {

    private TestImages() {}

    /** A textured 8-bit image: every pixel differs from its neighbours, so resampling errors show. */
    static XrayImage gray8(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 128 + 80 * Math.sin(x * 0.21) * Math.cos(y * 0.13) + r.nextInt(-30, 31);
                px[y * w + x] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        return XrayImage.ofGray8(w, h, px, "synthetic8");
    }

    /** A textured image with the given depth (9 to 16 bits), using the full range. */
    static XrayImage gray16(int w, int h, int bits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int max = (1 << bits) - 1;
        short[] px = new short[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) r.nextInt(max + 1);
        }
        px[0] = 0;
        px[px.length - 1] = (short) max;
        return XrayImage.ofGray16(w, h, bits, px, "synthetic" + bits);
    }

    /** Every level of the image's range once per row, increasing left to right: for monotonicity checks. */
    static XrayImage ramp(int bits) {
        int levels = 1 << bits;
        if (bits == 8) {
            byte[] px = new byte[levels];
            for (int i = 0; i < levels; i++) {
                px[i] = (byte) i;
            }
            return XrayImage.ofGray8(levels, 1, px, "ramp8");
        }
        short[] px = new short[levels];
        for (int i = 0; i < levels; i++) {
            px[i] = (short) i;
        }
        return XrayImage.ofGray16(levels, 1, bits, px, "ramp" + bits);
    }

    static int[] pixels(XrayImage image) {
        return image.toIntArray();
    }

    static Object rawPixels(XrayImage image) {
        if (image.is8Bit()) {
            ByteBuffer b = image.pixels8();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return a;
        }
        ShortBuffer b = image.pixels16();
        short[] a = new short[b.remaining()];
        b.get(a);
        return a;
    }
}
