package io.github.covidxray.core.eval;

import java.util.Arrays;

/**
 * Mean per-image Dice and IoU of predicted masks against reference masks, with percentile bootstrap
 * confidence intervals that resample whole patients ({@link BootstrapResampler}): each image counts once,
 * at whatever resolution its masks were compared. Immutable.
 *
 * @param images the number of images
 * @param dice mean per-image Dice and its interval
 * @param iou mean per-image IoU and its interval
 * @param perImageDice every image's Dice, in input order
 * @param perImageIou every image's IoU, in input order
 * @param level the interval's confidence level, for example 0.95
 * @param resamples bootstrap resamples drawn
 */
public record MaskAgreement(int images, Estimate dice, Estimate iou, double[] perImageDice, double[] perImageIou,
        double level, int resamples) {

    /** Copies the arrays. */
    public MaskAgreement {
        perImageDice = perImageDice.clone();
        perImageIou = perImageIou.clone();
    }

    /**
     * @param overlaps one overlap per image
     * @param patients a patient id per image (null or blank: the image is its own cluster), or null
     * @param resamples bootstrap resamples, for example 2000
     * @param level the confidence level, for example 0.95
     * @param seed the bootstrap seed
     * @return the agreement
     * @throws IllegalArgumentException if there are no images or the ids do not match them
     */
    public static MaskAgreement of(MaskOverlap[] overlaps, String[] patients, int resamples, double level, long seed) {
        int n = overlaps.length;
        if (n == 0 || (patients != null && patients.length != n) || resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need at least one image, one patient id per image, resamples >= 1"
                    + " and a level in (0, 1)");
        }
        double[] dice = new double[n];
        double[] iou = new double[n];
        for (int i = 0; i < n; i++) {
            dice[i] = overlaps[i].dice();
            iou[i] = overlaps[i].iou();
        }
        BootstrapResampler resampler = new BootstrapResampler(n, patients, seed);
        double[] diceReplicates = new double[resamples];
        double[] iouReplicates = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            int[] w = resampler.nextWeights();
            diceReplicates[r] = weightedMean(dice, w);
            iouReplicates[r] = weightedMean(iou, w);
        }
        double[] d = Percentiles.interval(diceReplicates, level);
        double[] j = Percentiles.interval(iouReplicates, level);
        return new MaskAgreement(n, new Estimate(mean(dice), d[0], d[1]), new Estimate(mean(iou), j[0], j[1]), dice,
                iou, level, resamples);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double weightedMean(double[] v, int[] w) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i] * w[i];
            count += w[i];
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * @param q a quantile in [0, 1]
     * @return that quantile of the per-image Dice (linear between order statistics)
     */
    public double diceQuantile(double q) {
        double[] sorted = perImageDice.clone();
        Arrays.sort(sorted);
        return Percentiles.quantile(sorted, q);
    }
}
