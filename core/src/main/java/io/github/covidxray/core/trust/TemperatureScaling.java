package io.github.covidxray.core.trust;


/**
 * Temperature scaling (Guo et al., 2017): one number {@code T} that divides the logits before softmax,
 * chosen to minimise the negative log-likelihood on held-out data. It changes how confident the
 * probabilities are, never which class ranks first. Stateless.
 */
public final class TemperatureScaling {

    /** The search interval for T. */
    private static final double MIN_T = 0.05;
    private static final double MAX_T = 20;

    private TemperatureScaling() {}

    /**
     * @param logits one row of logits per sample
     * @param trueIdx the true class of each sample
     * @return the temperature minimising the mean NLL, found by golden-section search on log T in [0.05, 20]
     * @throws IllegalArgumentException if the arrays are empty or differ in length
     */
    public static double fit(float[][] logits, int[] trueIdx) {
        if (logits.length == 0 || logits.length != trueIdx.length) {
            throw new IllegalArgumentException("need as many logit rows as labels, at least one; got "
                    + logits.length + " and " + trueIdx.length);
        }
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, trueIdx, Math.exp(a));
        double fb = nll(logits, trueIdx, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, trueIdx, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, trueIdx, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /**
     * @param logits one row per sample
     * @param trueIdx the true class of each sample
     * @param temperature the temperature, > 0
     * @return the mean negative log-likelihood of the true classes under softmax(logits / T)
     */
    public static double nll(float[][] logits, int[] trueIdx, double temperature) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] p = softmax(logits[i], temperature);
            sum -= Math.log(Math.max(p[trueIdx[i]], 1e-300));
        }
        return sum / logits.length;
    }

    /**
     * Recovers the probabilities at temperature 1 from temperature-scaled ones, exactly: {@code log p} is the
     * scaled logits up to a constant per row, so {@code softmax(T log p) = softmax(logits)}. Lets evaluation
     * show calibration before and after from the one set of probabilities a classifier returns.
     *
     * @param probs rows of softmax(logits / T)
     * @param temperature T
     * @return rows of softmax(logits)
     */
    public static double[][] unscale(double[][] probs, double temperature) {
        double[][] out = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) {
            float[] logits = new float[probs[i].length];
            for (int k = 0; k < logits.length; k++) {
                logits[k] = (float) (temperature * Math.log(Math.max(probs[i][k], Double.MIN_NORMAL)));
            }
            out[i] = softmax(logits, 1.0);
        }
        return out;
    }

    /**
     * Numerically stable softmax (the maximum is subtracted before {@code exp}) in double precision.
     *
     * @param logits unnormalised scores
     * @param temperature divides the logits first; > 0
     * @return softmax(logits / temperature), summing to 1
     */
    public static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / temperature);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] / temperature - max);
            sum += e[i];
        }
        for (int i = 0; i < logits.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
