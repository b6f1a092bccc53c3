package io.github.covidxray.export;

/**
 * Folds an inference-mode BatchNorm into the convolution before it. BatchNorm with running statistics is
 * the affine map {@code y = (x - mean) * s + beta} with {@code s = gamma / sqrt(var + eps)} per output
 * channel, so {@code bn(conv(x, W, b)) = conv(x, W * s, (b - mean) * s + beta)} exactly, up to float
 * rounding. Computed in double, stored in float. Stateless and thread-safe.
 */
final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * A convolution's weights and bias after folding.
     *
     * @param weight the scaled weight, same layout as the input weight
     * @param bias one bias per output channel
     */
    record Folded(float[] weight, float[] bias) {}

    /**
     * @param weight the convolution weight, output channel first ({@code [out, in / groups, kh, kw]})
     * @param bias the convolution bias, or {@code null} when it has none
     * @param stats the BatchNorm that follows it; one value per output channel
     * @return the folded weight and bias
     * @throws IllegalArgumentException if the lengths do not agree
     */
    static Folded fold(float[] weight, float[] bias, BatchNormValues stats) {
        int out = stats.gamma().length;
        if (out == 0 || weight.length % out != 0 || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("convolution with " + weight.length + " weights"
                    + (bias == null ? "" : " and " + bias.length + " biases") + " cannot be folded with a "
                    + out + "-channel BatchNorm");
        }
        int perChannel = weight.length / out;
        float[] w = new float[weight.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = stats.scale(o);
            int base = o * perChannel;
            for (int j = 0; j < perChannel; j++) {
                w[base + j] = (float) (weight[base + j] * scale);
            }
            double convBias = bias == null ? 0 : bias[o];
            b[o] = (float) ((convBias - stats.mean()[o]) * scale + stats.beta()[o]);
        }
        return new Folded(w, b);
    }
}
