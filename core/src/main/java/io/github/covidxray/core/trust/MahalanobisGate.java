package io.github.covidxray.core.trust;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * How unlike a model's training images an input is, from its pooled feature vector: the Mahalanobis distance
 * to the training features' mean under a Ledoit-Wolf shrunk covariance, divided by the square root of the
 * feature count (about 1 for held-out draws of the training distribution when the fit is exact). Higher
 * means more unusual. Immutable and
 * thread-safe.
 *
 * <p>Why shrinkage: with about as many training images as features (1520 for 1280 in the default model) the
 * sample covariance is nearly singular, so its inverse would blow up directions the training set barely
 * sampled. Ledoit-Wolf pulls it towards a multiple of the identity by the amount that minimises the expected
 * error, which needs no tuning; it is a few lines, so it is written here (commons-math3 does the
 * eigendecomposition). Only the {@code k} largest eigen-directions are stored; the rest of the space is
 * treated as isotropic with their average shrunk variance, which keeps the file small (k x F floats).
 */
public final class MahalanobisGate {

    /** Eigen-directions kept by default. */
    public static final int DEFAULT_COMPONENTS = 256;

    private static final int MAGIC = 0x43584F44; // "CXOD"
    private static final int FORMAT_VERSION = 2; // 2 adds per-feature scales; 1 (no scales) is still read
    private static final int MAX_FEATURES = 1 << 16;

    private final float[] mean;
    private final float[] scale; // each feature is divided by it before the distance (1 = unscaled)
    private final double[] variances;
    /**
     * The k kept unit eigen-directions, stored feature by feature (p rows of k; the file holds them direction by
     * direction, as floats), for scoring: see {@link #scores}.
     */
    private final double[] byFeature;
    private final double residualVariance;
    private final double shrinkage;

    private MahalanobisGate(float[] mean, float[] scale, double[] variances, float[] directions,
            double residualVariance, double shrinkage) {
        this.mean = mean;
        this.scale = scale;
        this.variances = variances;
        int p = mean.length;
        int k = variances.length;
        this.byFeature = new double[p * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                byFeature[j * k + c] = directions[c * p + j];
            }
        }
        this.residualVariance = residualVariance;
        this.shrinkage = shrinkage;
    }

    /**
     * Fits the gate on training features.
     *
     * @param features one pooled feature vector per training image, all the same length
     * @param components how many eigen-directions to keep (at most the feature count)
     * @return the gate
     * @throws IllegalArgumentException with fewer than 2 vectors, ragged or non-finite input
     */
    public static MahalanobisGate fit(List<float[]> features, int components) {
        return fit(features, components, false);
    }

    /**
     * Fits the gate on training features, optionally standardising each feature first (dividing by its
     * training standard deviation). Standardise features of mixed units (image statistics): shrinkage towards
     * a multiple of the identity would otherwise drown the small-variance ones. A feature constant in training
     * keeps scale 1.
     *
     * @param features one feature vector per training image, all the same length
     * @param components how many eigen-directions to keep (at most the feature count)
     * @param standardise whether to scale each feature to unit variance before fitting
     * @return the gate
     * @throws IllegalArgumentException with fewer than 2 vectors, ragged or non-finite input
     */
    public static MahalanobisGate fit(List<float[]> features, int components, boolean standardise) {
        int n = features.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 feature vectors, got " + n);
        }
        int p = features.get(0).length;
        if (p < 1 || p > MAX_FEATURES) {
            throw new IllegalArgumentException("feature length must be in [1, " + MAX_FEATURES + "], got " + p);
        }
        double[] mu = new double[p];
        for (float[] f : features) {
            if (f.length != p) {
                throw new IllegalArgumentException("feature vectors differ in length: " + p + " and " + f.length);
            }
            for (int j = 0; j < p; j++) {
                if (!Float.isFinite(f[j])) {
                    throw new IllegalArgumentException("non-finite feature value " + f[j]);
                }
                mu[j] += f[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mu[j] /= n;
        }
        float[] sd = new float[p];
        Arrays.fill(sd, 1f);
        if (standardise) {
            for (int j = 0; j < p; j++) {
                double v = 0;
                for (float[] f : features) {
                    v += (f[j] - mu[j]) * (f[j] - mu[j]);
                }
                double s = Math.sqrt(v / n);
                sd[j] = s > 1e-12 ? (float) s : 1f;
            }
        }
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = (features.get(i)[j] - mu[j]) / sd[j];
            }
        }
        double[][] s = new double[p][p];
        for (double[] row : x) {
            for (int a = 0; a < p; a++) {
                double va = row[a];
                if (va == 0) {
                    continue;
                }
                double[] sa = s[a];
                for (int b = a; b < p; b++) {
                    sa[b] += va * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                s[a][b] /= n;
                s[b][a] = s[a][b];
            }
        }
        double shrink = ledoitWolfShrinkage(x, s);
        double target = trace(s) / p;
        if (n <= p) {
            return fitDual(x, mu, sd, shrink, target, components);
        }
        double[][] shrunk = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                shrunk[a][b] = (1 - shrink) * s[a][b] + (a == b ? shrink * target : 0);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(shrunk, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = descending(values);
        int k = Math.max(1, Math.min(components, p));
        double[] kept = new double[k];
        float[] dirs = new float[k * p];
        for (int c = 0; c < k; c++) {
            kept[c] = values[order[c]];
            RealVector v = eig.getEigenvector(order[c]);
            for (int j = 0; j < p; j++) {
                dirs[c * p + j] = (float) v.getEntry(j);
            }
        }
        double rest = 0;
        for (int c = k; c < p; c++) {
            rest += values[order[c]];
        }
        double residual = k < p ? rest / (p - k) : kept[k - 1];
        return new MahalanobisGate(toFloats(mu), sd, kept, dirs, Math.max(residual, 1e-12), shrink);
    }

    /**
     * The same fit for fewer images than features, from the n x n Gram matrix: the sample covariance has rank
     * below n, so its non-zero eigenpairs are those of {@code X X^T / n} mapped through {@code X^T}, and every
     * other direction has the shrunk variance {@code shrink * target} exactly. Decomposing the p x p matrix
     * instead is slower and fails to converge in commons-math on such many-fold repeated eigenvalues.
     */
    private static MahalanobisGate fitDual(double[][] x, double[] mu, float[] sd, double shrink, double target,
            int components) {
        int n = x.length;
        int p = mu.length;
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                gram[i][j] = dot(x[i], x[j]) / n;
                gram[j][i] = gram[i][j];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram, false));
        double[] sigma = eig.getRealEigenvalues();
        Integer[] order = descending(sigma);
        double largest = Math.max(0, sigma[order[0]]);
        int rank = 0;
        while (rank < n && sigma[order[rank]] > largest * 1e-10 && sigma[order[rank]] > 0) {
            rank++;
        }
        double isotropic = shrink * target;
        int k = Math.max(1, Math.min(components, rank));
        double[] kept = new double[k];
        float[] dirs = new float[k * p];
        double rest = 0;
        for (int c = 0; c < rank; c++) {
            double value = (1 - shrink) * sigma[order[c]] + isotropic;
            if (c >= k) {
                rest += value;
                continue;
            }
            kept[c] = value;
            // v = X^T u / sqrt(n sigma) is a unit eigenvector of X^T X / n.
            RealVector u = eig.getEigenvector(order[c]);
            double scale = 1 / Math.sqrt(n * sigma[order[c]]);
            for (int i = 0; i < n; i++) {
                double ui = u.getEntry(i) * scale;
                for (int j = 0; j < p; j++) {
                    dirs[c * p + j] += (float) (ui * x[i][j]);
                }
            }
        }
        if (rank == 0) { // all training features equal: any unit direction, isotropic variance
            kept[0] = Math.max(isotropic, 1e-12);
            dirs[0] = 1;
        }
        rest += (p - Math.max(rank, k)) * isotropic;
        double residual = k < p ? rest / (p - k) : kept[k - 1];
        return new MahalanobisGate(toFloats(mu), sd, kept, dirs, Math.max(residual, 1e-12), shrink);
    }

    /** @return the indices of {@code values}, largest value first */
    private static Integer[] descending(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[j], values[i]));
        return order;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Ledoit and Wolf's (2004) optimal shrinkage intensity towards {@code trace(S)/p * I}, in [0, 1].
     *
     * @param x centred samples, one row each
     * @param s their covariance (divided by n)
     */
    private static double ledoitWolfShrinkage(double[][] x, double[][] s) {
        int n = x.length;
        int p = s.length;
        double mu = trace(s) / p;
        double delta = 0; // ||S - mu I||_F^2
        double sNorm2 = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double v = s[a][b] - (a == b ? mu : 0);
                delta += v * v;
                sNorm2 += s[a][b] * s[a][b];
            }
        }
        // sum_k ||x_k x_k^T - S||_F^2 = sum_k (|x_k|^4 - 2 x_k^T S x_k) + n ||S||_F^2,
        // with x_k^T S x_k = (1/n) sum_j (x_j . x_k)^2, from the Gram matrix.
        double[] gramDiag = new double[n];
        double quad = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double d = dot(x[i], x[j]);
                if (i == j) {
                    gramDiag[i] = d;
                    quad += d * d / n;
                } else {
                    quad += 2 * d * d / n;
                }
            }
        }
        double sum = -2 * quad + n * sNorm2;
        for (double g : gramDiag) {
            sum += g * g;
        }
        double beta = Math.min(sum / ((double) n * n), delta);
        return delta <= 0 ? 1.0 : Math.max(0, Math.min(1, beta / delta));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double trace(double[][] s) {
        double t = 0;
        for (int i = 0; i < s.length; i++) {
            t += s[i][i];
        }
        return t;
    }

    /**
     * @param features one pooled feature vector
     * @return the score: Mahalanobis distance over sqrt(feature count); lower on training images, higher
     *     = more unusual; {@code +Infinity} for a vector with non-finite values
     * @throws IllegalArgumentException if the length is not the fitted one
     */
    public double score(float[] features) {
        return scores(new float[][] {features})[0];
    }

    /**
     * Scores several vectors in one pass over the statistics: each feature's row of directions is read once
     * for all of them, and the projections are updated a whole row at a time (a loop the JIT turns into vector
     * instructions), several times faster per vector than a running dot product per direction.
     *
     * @param features pooled feature vectors, each of the fitted length
     * @return one {@link #score} per vector, in order
     * @throws IllegalArgumentException if a length is not the fitted one
     */
    public double[] scores(float[][] features) {
        int p = mean.length;
        int k = variances.length;
        int n = features.length;
        double[] out = new double[n];
        double[][] centred = new double[n][p];
        double[] norm2 = new double[n];
        for (int i = 0; i < n; i++) {
            if (features[i].length != p) {
                throw new IllegalArgumentException("expected " + p + " features, got " + features[i].length);
            }
            for (int j = 0; j < p; j++) {
                double v = (features[i][j] - mean[j]) / scale[j];
                if (!Double.isFinite(v)) {
                    out[i] = Double.POSITIVE_INFINITY;
                    break;
                }
                centred[i][j] = v;
                norm2[i] += v * v;
            }
        }
        double[][] proj = new double[n][k];
        for (int j = 0; j < p; j++) {
            int row = j * k;
            for (int i = 0; i < n; i++) {
                double x = centred[i][j];
                double[] pi = proj[i];
                for (int c = 0; c < k; c++) {
                    pi[c] += byFeature[row + c] * x;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (out[i] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double d2 = 0;
            double projected = 0;
            for (int c = 0; c < k; c++) {
                double sq = proj[i][c] * proj[i][c];
                projected += sq;
                d2 += sq / variances[c];
            }
            d2 += Math.max(0, norm2[i] - projected) / residualVariance;
            out[i] = Math.sqrt(d2 / p);
        }
        return out;
    }

    /** @return the length of the feature vectors it scores */
    public int featureCount() {
        return mean.length;
    }

    /** @return the eigen-directions kept */
    public int components() {
        return variances.length;
    }

    /** @return the Ledoit-Wolf shrinkage intensity used in the fit, in [0, 1] (NaN when read from a file) */
    public double shrinkage() {
        return shrinkage;
    }

    /**
     * Writes the statistics (through a temporary sibling, so a failed write leaves no partial file).
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT_VERSION);
                out.writeInt(mean.length);
                out.writeInt(variances.length);
                out.writeDouble(residualVariance);
                for (float m : mean) {
                    out.writeFloat(m);
                }
                for (float m : scale) {
                    out.writeFloat(m);
                }
                for (double v : variances) {
                    out.writeDouble(v);
                }
                int p = mean.length;
                int k = variances.length;
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < p; j++) {
                        out.writeFloat((float) byFeature[j * k + c]); // exact: each was a float
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads statistics {@link #write} wrote, checking sizes before allocating.
     *
     * @param file the file
     * @return the gate
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static MahalanobisGate read(Path file) throws IOException {
        long size = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a covid-xray OOD statistics file");
            }
            int version = in.readInt();
            if (version != 1 && version != FORMAT_VERSION) {
                throw new IOException(file + ": OOD statistics format " + version + " is not supported");
            }
            int p = in.readInt();
            int k = in.readInt();
            if (p < 1 || p > MAX_FEATURES || k < 1 || k > p) {
                throw new IOException(file + ": implausible sizes " + p + " features, " + k + " components");
            }
            long expected = 24L + 4L * p * (version == 1 ? 1 : 2) + 8L * k + 4L * k * p;
            if (size != expected) {
                throw new IOException(file + ": " + size + " bytes, expected " + expected + " (truncated?)");
            }
            double residual = in.readDouble();
            float[] mean = new float[p];
            for (int j = 0; j < p; j++) {
                mean[j] = in.readFloat();
            }
            float[] scale = new float[p];
            for (int j = 0; j < p; j++) {
                scale[j] = version == 1 ? 1f : in.readFloat();
                if (!(scale[j] > 0) || !Float.isFinite(scale[j])) {
                    throw new IOException(file + ": feature scale " + scale[j] + " is not positive");
                }
            }
            double[] variances = new double[k];
            for (int c = 0; c < k; c++) {
                variances[c] = in.readDouble();
                if (!(variances[c] > 0)) {
                    throw new IOException(file + ": variance " + variances[c] + " is not positive");
                }
            }
            float[] dirs = new float[k * p];
            for (int i = 0; i < dirs.length; i++) {
                dirs[i] = in.readFloat();
            }
            if (!(residual > 0)) {
                throw new IOException(file + ": residual variance " + residual + " is not positive");
            }
            return new MahalanobisGate(mean, scale, variances, dirs, residual, Double.NaN);
        }
    }
}
