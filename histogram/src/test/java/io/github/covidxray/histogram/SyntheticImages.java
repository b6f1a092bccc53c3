package io.github.covidxray.histogram;

import io.github.covidxray.core.XrayImage;
import java.util.Random;

/** Generated images with known intensity distributions, for tests on a fresh clone. */
public final class SyntheticImages {

    private SyntheticImages() {}

    /** Uniform 8-bit noise over {@code [lo, hi]}. */
    public static XrayImage uniform8(int w, int h, int lo, int hi, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (lo + rnd.nextInt(hi - lo + 1));
        }
        return XrayImage.ofGray8(w, h, px, "uniform-" + seed);
    }

    /** 8-bit Gaussian noise, rounded and clipped to {@code [0, 255]}. */
    public static XrayImage gaussian8(int w, int h, double mean, double sd, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            long v = Math.round(mean + sd * rnd.nextGaussian());
            px[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return XrayImage.ofGray8(w, h, px, "gaussian-" + seed);
    }

    /** Every pixel equal to {@code value}. */
    public static XrayImage constant8(int w, int h, int value) {
        byte[] px = new byte[w * h];
        java.util.Arrays.fill(px, (byte) value);
        return XrayImage.ofGray8(w, h, px, "constant-" + value);
    }

    /** A 16-bit ramp: pixel {@code i} has value {@code i * step} (wrapping at 2^bits). */
    public static XrayImage ramp16(int w, int h, int bits, int step) {
        short[] px = new short[w * h];
        int mod = 1 << bits;
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) ((long) i * step % mod);
        }
        return XrayImage.ofGray16(w, h, bits, px, "ramp" + bits);
    }

    /** Uniform noise at any depth from 9 to 16 bits. */
    public static XrayImage uniform16(int w, int h, int bits, long seed) {
        Random rnd = new Random(seed);
        short[] px = new short[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) rnd.nextInt(1 << bits);
        }
        return XrayImage.ofGray16(w, h, bits, px, "uniform16-" + seed);
    }
}
