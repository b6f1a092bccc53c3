package io.github.covidxray.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MahalanobisGateTest {

    @TempDir
    Path tmp;

    /** Correlated Gaussian features, well conditioned (so shrinkage barely matters). */
    private static List<float[]> sample(int n, int p, long seed, double shift) {
        Random r = new Random(seed);
        double[][] mix = new double[p][p];
        Random m = new Random(1);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                mix[i][j] = m.nextGaussian() * (j < 3 ? 1.5 : 1.0);
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] z = new double[p];
            for (int j = 0; j < p; j++) {
                z[j] = r.nextGaussian();
            }
            float[] x = new float[p];
            for (int i = 0; i < p; i++) {
                double v = 0;
                for (int j = 0; j < p; j++) {
                    v += mix[i][j] * z[j];
                }
                x[i] = (float) (v + 5 + shift);
            }
            out.add(x);
        }
        return out;
    }

    /**
     * Fewer images than features (a small training set, or a quick run): the fit goes through the Gram matrix
     * and must give the exact shrunk-covariance Mahalanobis distance, computed here by inverting the p x p
     * matrix directly.
     */
    @Test
    void fewerImagesThanFeaturesGivesTheExactShrunkDistance() {
        int n = 12;
        int p = 30;
        List<float[]> train = sample(n, p, 4, 0);
        MahalanobisGate gate = MahalanobisGate.fit(train, p); // all directions kept: exact
        double[] mu = new double[p];
        train.forEach(f -> {
            for (int j = 0; j < p; j++) {
                mu[j] += f[j] / (double) n;
            }
        });
        double[][] cov = new double[p][p];
        for (float[] f : train) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    cov[a][b] += (f[a] - mu[a]) * (f[b] - mu[b]) / n;
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < p; a++) {
            trace += cov[a][a];
        }
        double shrink = gate.shrinkage();
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                cov[a][b] = (1 - shrink) * cov[a][b] + (a == b ? shrink * trace / p : 0);
            }
        }
        org.apache.commons.math3.linear.RealMatrix inverse = new org.apache.commons.math3.linear.LUDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(cov)).getSolver().getInverse();
        for (float[] probe : sample(5, p, 5, 1)) {
            double[] d = new double[p];
            for (int j = 0; j < p; j++) {
                d[j] = probe[j] - mu[j];
            }
            double exact = Math.sqrt(new org.apache.commons.math3.linear.ArrayRealVector(d)
                    .dotProduct(inverse.operate(new org.apache.commons.math3.linear.ArrayRealVector(d))) / p);
            assertEquals(exact, gate.score(probe), exact * 1e-3);
        }
    }

    /** Many features, few images, many equal eigenvalues: the p x p decomposition did not converge here. */
    @Test
    void fitsTwentyFourImagesOfTwelveHundredEightyFeatures() {
        Random r = new Random(1);
        List<float[]> train = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            float[] v = new float[1280];
            for (int j = 0; j < v.length; j++) {
                v[j] = j % 3 == 0 ? 0f : (float) Math.max(0, r.nextGaussian());
            }
            train.add(v);
        }
        MahalanobisGate gate = MahalanobisGate.fit(train, MahalanobisGate.DEFAULT_COMPONENTS);
        double in = gate.score(train.get(0));
        float[] far = train.get(1).clone();
        for (int j = 0; j < far.length; j++) {
            far[j] += 3;
        }
        assertTrue(gate.components() <= 23, "at most rank-many directions: " + gate.components());
        assertTrue(gate.score(far) > 2 * in, gate.score(far) + " vs " + in);
    }

    @Test
    void heldOutTrainingLikeVectorsScoreAboutOneAndShiftedOnesHigher() {
        List<float[]> train = sample(400, 20, 1, 0);
        MahalanobisGate gate = MahalanobisGate.fit(train, 20);
        double in = sample(200, 20, 2, 0).stream().mapToDouble(gate::score).average().orElseThrow();
        double out = sample(200, 20, 3, 4).stream().mapToDouble(gate::score).average().orElseThrow();
        assertEquals(1.0, in, 0.2, "Mahalanobis distance / sqrt(p) averages about 1 on held-out data");
        assertTrue(out > in * 1.5, "a shifted mean scores clearly higher: " + out + " vs " + in);
        assertTrue(gate.shrinkage() >= 0 && gate.shrinkage() <= 1);
    }

    @Test
    void truncationKeepsTheRankingCloseToTheExactDistance() {
        List<float[]> train = sample(300, 16, 4, 0);
        MahalanobisGate exact = MahalanobisGate.fit(train, 16);
        MahalanobisGate truncated = MahalanobisGate.fit(train, 4);
        float[] far = sample(1, 16, 5, 3).get(0);
        float[] near = sample(1, 16, 6, 0).get(0);
        assertTrue(exact.score(far) > exact.score(near));
        assertTrue(truncated.score(far) > truncated.score(near));
    }

    @Test
    void writtenAndReadBackScoresTheSame() throws IOException {
        MahalanobisGate gate = MahalanobisGate.fit(sample(100, 12, 7, 0), 6);
        Path file = tmp.resolve("ood.bin");
        gate.write(file);
        MahalanobisGate back = MahalanobisGate.read(file);
        float[] x = sample(1, 12, 8, 1).get(0);
        assertEquals(gate.score(x), back.score(x), 1e-9);
        assertEquals(12, back.featureCount());
        assertEquals(6, back.components());
    }

    @Test
    void truncatedOrForeignFilesAreRefusedBeforeAllocating() throws IOException {
        MahalanobisGate.fit(sample(50, 8, 9, 0), 8).write(tmp.resolve("ok.bin"));
        byte[] ok = Files.readAllBytes(tmp.resolve("ok.bin"));
        Files.write(tmp.resolve("short.bin"), java.util.Arrays.copyOf(ok, ok.length - 10));
        IOException e = assertThrows(IOException.class, () -> MahalanobisGate.read(tmp.resolve("short.bin")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(tmp.resolve("png.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        assertThrows(IOException.class, () -> MahalanobisGate.read(tmp.resolve("png.bin")));
    }

    @Test
    void wrongLengthAndNonFiniteInputAreHandled() {
        MahalanobisGate gate = MahalanobisGate.fit(sample(50, 8, 10, 0), 8);
        assertThrows(IllegalArgumentException.class, () -> gate.score(new float[7]));
        float[] nan = new float[8];
        nan[3] = Float.NaN;
        assertEquals(Double.POSITIVE_INFINITY, gate.score(nan), "a NaN feature is as unusual as it gets");
    }

    @Test
    void thresholdFlagsTheRequestedShare() {
        double[] scores = new double[300];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i;
        }
        double t = BundleCalibrator.thresholdFlagging(scores, 0.01);
        long flagged = java.util.Arrays.stream(scores).filter(s -> s > t).count();
        assertEquals(3, flagged);
    }

    @Test
    void standardisingLetsASmallScaleFeatureCountUnderShrinkage() {
        // Feature 0 varies a thousandth as much as the others; a shift of 8 of its own SDs is only visible when
        // each feature is scaled to unit variance before shrinking towards the identity.
        List<float[]> train = new ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < 60; i++) {
            float[] x = new float[40];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (r.nextGaussian() * (j == 0 ? 0.001 : 1));
            }
            train.add(x);
        }
        float[] shifted = train.get(0).clone();
        shifted[0] += 0.008f;
        MahalanobisGate raw = MahalanobisGate.fit(train, 40, false);
        MahalanobisGate standardised = MahalanobisGate.fit(train, 40, true);
        double rawGain = raw.score(shifted) - raw.score(train.get(0));
        double standardisedGain = standardised.score(shifted) - standardised.score(train.get(0));
        assertTrue(standardisedGain > 5 * rawGain, "standardised " + standardisedGain + " vs raw " + rawGain);
    }

    @Test
    void standardisedGatesSurviveTheRoundTripAndVersionOneFilesStillRead() throws IOException {
        MahalanobisGate gate = MahalanobisGate.fit(sample(100, 12, 7, 0), 12, true);
        gate.write(tmp.resolve("v2.bin"));
        float[] x = sample(1, 12, 8, 1).get(0);
        assertEquals(gate.score(x), MahalanobisGate.read(tmp.resolve("v2.bin")).score(x), 1e-9);

        // A version 1 file is a version 2 file of an unscaled gate without the scale block.
        MahalanobisGate unscaled = MahalanobisGate.fit(sample(100, 12, 7, 0), 6);
        unscaled.write(tmp.resolve("u.bin"));
        byte[] v2 = Files.readAllBytes(tmp.resolve("u.bin"));
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2);
        int p = in.getInt(8);
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(v2.length - 4 * p);
        v1.put(v2, 0, 24 + 4 * p).putInt(4, 1);
        v1.position(24 + 4 * p);
        v1.put(v2, 24 + 8 * p, v2.length - 24 - 8 * p);
        Files.write(tmp.resolve("v1.bin"), v1.array());
        assertEquals(unscaled.score(x), MahalanobisGate.read(tmp.resolve("v1.bin")).score(x), 1e-9);
    }

    @Test
    void jointThresholdsFlagTheShareInAllAndUseBothGates() {
        Random r = new Random(3);
        double[] a = new double[300];
        double[] b = new double[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        double[] t = BundleCalibrator.jointThresholds(a, b, 0.02);
        int either = 0;
        int byA = 0;
        int byB = 0;
        for (int i = 0; i < a.length; i++) {
            byA += a[i] > t[0] ? 1 : 0;
            byB += b[i] > t[1] ? 1 : 0;
            either += a[i] > t[0] || b[i] > t[1] ? 1 : 0;
        }
        assertTrue(either <= 6 && either >= 4, "about 2% of 300 flagged in all: " + either);
        assertTrue(byA >= 2 && byB >= 2, "each gate flags some: " + byA + ", " + byB);
    }
}
