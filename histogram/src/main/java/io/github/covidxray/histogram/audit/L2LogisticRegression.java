package io.github.covidxray.histogram.audit;

import java.util.Arrays;

/**
 * Binary logistic regression with an L2 penalty on the weights (not the intercept), fitted by L-BFGS.
 * Minimises {@code mean(log(1 + exp(-y (w.x + b)))) + lambda/2 |w|^2} with {@code y} in {-1, +1}. The
 * objective is strictly convex, so the fit is unique and does not depend on the starting point. Features
 * should be standardised by the caller. Instances are immutable fitted models, thread-safe.
 */
final class L2LogisticRegression {

    private static final int HISTORY = 8;
    private static final int MAX_ITERATIONS = 300;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private final double[] weights;
    private final double bias;
    private final int iterations;

    private L2LogisticRegression(double[] weights, double bias, int iterations) {
        this.weights = weights;
        this.bias = bias;
        this.iterations = iterations;
    }

    /**
     * Fits the model.
     *
     * @param x rows of features, all the same length
     * @param positive the outcome of each row
     * @param lambda the L2 penalty, {@code > 0}
     * @return the fitted model
     */
    static L2LogisticRegression fit(double[][] x, boolean[] positive, double lambda) {
        int d = x[0].length;
        Objective f = new Objective(x, positive, lambda);
        double[] theta = new double[d + 1]; // weights then bias
        double[] grad = new double[d + 1];
        double value = f.evaluate(theta, grad);
        double[][] s = new double[HISTORY][];
        double[][] yv = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        double[] alpha = new double[HISTORY];
        int stored = 0;
        int iteration = 0;
        double[] nextTheta = new double[d + 1];
        double[] nextGrad = new double[d + 1];
        while (iteration < MAX_ITERATIONS && maxAbs(grad) > GRADIENT_TOLERANCE) {
            iteration++;
            // Two-loop recursion: direction = -H * grad.
            double[] dir = grad.clone();
            for (int k = stored - 1; k >= 0; k--) {
                alpha[k] = rho[k] * dot(s[k], dir);
                axpy(-alpha[k], yv[k], dir);
            }
            double gamma = stored > 0 ? dot(s[stored - 1], yv[stored - 1]) / dot(yv[stored - 1], yv[stored - 1])
                    : 1.0 / Math.max(1e-12, Math.sqrt(dot(grad, grad)));
            for (int i = 0; i < dir.length; i++) {
                dir[i] *= gamma;
            }
            for (int k = 0; k < stored; k++) {
                double beta = rho[k] * dot(yv[k], dir);
                axpy(alpha[k] - beta, s[k], dir);
            }
            for (int i = 0; i < dir.length; i++) {
                dir[i] = -dir[i];
            }
            double slope = dot(grad, dir);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                continue;
            }
            // Backtracking line search with the Armijo condition.
            double step = 1.0;
            double nextValue;
            while (true) {
                for (int i = 0; i < theta.length; i++) {
                    nextTheta[i] = theta[i] + step * dir[i];
                }
                nextValue = f.evaluate(nextTheta, nextGrad);
                if (nextValue <= value + 1e-4 * step * slope || step < 1e-10) {
                    break;
                }
                step *= 0.5;
            }
            double[] sk = new double[theta.length];
            double[] yk = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                sk[i] = nextTheta[i] - theta[i];
                yk[i] = nextGrad[i] - grad[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                if (stored == HISTORY) {
                    System.arraycopy(s, 1, s, 0, HISTORY - 1);
                    System.arraycopy(yv, 1, yv, 0, HISTORY - 1);
                    System.arraycopy(rho, 1, rho, 0, HISTORY - 1);
                    stored--;
                }
                s[stored] = sk;
                yv[stored] = yk;
                rho[stored] = 1.0 / sy;
                stored++;
            }
            System.arraycopy(nextTheta, 0, theta, 0, theta.length);
            System.arraycopy(nextGrad, 0, grad, 0, grad.length);
            double previous = value;
            value = nextValue;
            if (previous - value < 1e-12 * Math.max(1, Math.abs(value))) {
                break;
            }
        }
        return new L2LogisticRegression(Arrays.copyOf(theta, d), theta[d], iteration);
    }

    /**
     * @param row one feature vector
     * @return the linear score {@code w.x + b} (the log-odds of the positive class)
     */
    double score(double[] row) {
        return dot(weights, row) + bias;
    }

    /** @return a copy of the weights */
    double[] weights() {
        return weights.clone();
    }

    /** @return the intercept */
    double bias() {
        return bias;
    }

    /** @return the L-BFGS iterations used */
    int iterations() {
        return iterations;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** The penalised mean log-loss and its gradient. */
    private static final class Objective {
        private final double[][] x;
        private final double[] y;
        private final double lambda;

        Objective(double[][] x, boolean[] positive, double lambda) {
            this.x = x;
            this.y = new double[positive.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = positive[i] ? 1 : -1;
            }
            this.lambda = lambda;
        }

        double evaluate(double[] theta, double[] grad) {
            int d = theta.length - 1;
            Arrays.fill(grad, 0);
            double loss = 0;
            double b = theta[d];
            for (int i = 0; i < x.length; i++) {
                double[] row = x[i];
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += theta[j] * row[j];
                }
                double m = y[i] * z;
                // log(1 + exp(-m)) and its derivative, stable for large |m|
                loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
                double g = -y[i] / (1 + Math.exp(m));
                for (int j = 0; j < d; j++) {
                    grad[j] += g * row[j];
                }
                grad[d] += g;
            }
            double n = x.length;
            double penalty = 0;
            for (int j = 0; j < d; j++) {
                grad[j] = grad[j] / n + lambda * theta[j];
                penalty += theta[j] * theta[j];
            }
            grad[d] /= n;
            return loss / n + 0.5 * lambda * penalty;
        }
    }
}
