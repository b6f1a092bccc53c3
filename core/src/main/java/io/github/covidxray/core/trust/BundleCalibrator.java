package io.github.covidxray.core.trust;

import ai.djl.ModelException;
import ai.djl.translate.TranslateException;
import io.github.covidxray.core.ClassifierDiagnostics;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.RawOutputs;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.core.eval.Calibration;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelOutput;
import io.github.covidxray.core.model.OodSettings;
import io.github.covidxray.core.model.OutputKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a bundle's trust settings and stores them in it: the out-of-distribution gate (two
 * {@link MahalanobisGate}s fitted on the training images, one on their pooled features and one on their
 * {@link ImageChecks#statistics image statistics}, plus the {@link ImageChecks#roughness roughness} limit), its
 * thresholds on validation images so that about {@link Builder#optFlaggedShare(double) 1%} of real validation
 * X-rays are flagged in all, and the softmax temperature ({@link TemperatureScaling}) on the validation logits. The operating point is not touched here:
 * it refers to probabilities, so re-choose it on the calibrated ones afterwards. Immutable and thread-safe.
 */
public final class BundleCalibrator {

    /** The pooled-feature statistics file written into the bundle. */
    public static final String OOD_FILE = "ood-mahalanobis.bin";
    /** The image statistics file ({@link ImageChecks#statistics}) written into the bundle. */
    public static final String OOD_IMAGE_FILE = "ood-image.bin";

    private static final Logger LOG = LoggerFactory.getLogger(BundleCalibrator.class);

    private final double flaggedShare;
    private final int components;
    private final int batchSize;

    private BundleCalibrator(Builder b) {
        this.flaggedShare = b.flaggedShare;
        this.components = b.components;
        this.batchSize = b.batchSize;
    }

    /** @return a builder: 1% of validation flagged, {@value MahalanobisGate#DEFAULT_COMPONENTS} components */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What calibration found.
     *
     * @param bundle the updated bundle
     * @param trainImages training images whose features were used
     * @param valImages validation images used
     * @param skipped images that could not be read (named in the log)
     * @param shrinkage the Ledoit-Wolf shrinkage intensity
     * @param oodThreshold the stored threshold of the pooled-feature gate
     * @param imageThreshold the stored threshold of the image statistics gate
     * @param valFlaggedShare the share of validation images either gate flags
     * @param trainFlaggedShare the share of training images either gate flags
     * @param temperature the fitted temperature
     * @param nllBefore validation NLL at temperature 1
     * @param nllAfter validation NLL at the fitted temperature
     * @param eceBefore validation top-label ECE ({@value Calibration#DEFAULT_BINS} bins) before
     * @param eceAfter and after
     */
    public record Result(ModelBundle bundle, int trainImages, int valImages, int skipped, double shrinkage,
            double oodThreshold, double imageThreshold, double valFlaggedShare, double trainFlaggedShare, double temperature,
            double nllBefore, double nllAfter, double eceBefore, double eceAfter) {}

    /**
     * Fits and stores the gate and the temperature.
     *
     * @param bundle a bundle folder whose model returns pooled features and logits; it is updated in place
     * @param train training records (labels are not needed for the gate)
     * @param val validation records, labels among the model's
     * @param progress receives (images done, total)
     * @return what was fitted
     * @throws IOException if files cannot be read or written
     * @throws ModelException if the bundle cannot be loaded or lacks pooled features or logits
     * @throws TranslateException if the engine fails
     */
    public Result calibrate(ModelBundle bundle, List<XrayRecord> train, List<XrayRecord> val, ProgressListener progress)
            throws IOException, ModelException, TranslateException {
        ModelCard card = bundle.card();
        if (!card.has(ModelOutput.POOLED_FEATURES)) {
            throw new io.github.covidxray.core.model.InvalidBundleException(bundle.directory() + ": the model has no "
                    + ModelOutput.POOLED_FEATURES.jsonName() + " output (outputs " + card.outputList()
                    + "); export it again with covid-xray export to add it");
        }
        if (card.output() != OutputKind.LOGITS) {
            throw new io.github.covidxray.core.model.InvalidBundleException(bundle.directory()
                    + ": temperature scaling needs a model that outputs logits, this one outputs " + card.output().jsonName());
        }
        if (train.size() < 2 || val.isEmpty()) {
            throw new IllegalArgumentException("need at least 2 training and 1 validation images, got " + train.size()
                    + " and " + val.size());
        }
        long total = train.size() + val.size();
        Outputs trainOut;
        Outputs valOut;
        try (CovidClassifier classifier = CovidClassifier.load(ClassifierOptions.builder()
                .setBundle(bundle.directory()).optPoolSize(1).optMaxBatchSize(batchSize).build())) {
            ClassifierDiagnostics raw = (ClassifierDiagnostics) classifier;
            trainOut = run(raw, card, train, 0, total, progress);
            valOut = run(raw, card, val, train.size(), total, progress);
        }
        LOG.info("fitting the OOD gates on {} training images", trainOut.features.size());
        MahalanobisGate gate = MahalanobisGate.fit(trainOut.features, components);
        gate.write(bundle.directory().resolve(OOD_FILE));
        MahalanobisGate imageGate = MahalanobisGate.fit(trainOut.statistics, ImageChecks.STATISTICS, true);
        imageGate.write(bundle.directory().resolve(OOD_IMAGE_FILE));
        double[] valScores = valOut.features.stream().mapToDouble(gate::score).toArray();
        double[] trainScores = trainOut.features.stream().mapToDouble(gate::score).toArray();
        double[] valImageScores = valOut.statistics.stream().mapToDouble(imageGate::score).toArray();
        double[] trainImageScores = trainOut.statistics.stream().mapToDouble(imageGate::score).toArray();
        double[] thresholds = jointThresholds(valScores, valImageScores, flaggedShare);
        double threshold = thresholds[0];
        double imageThreshold = thresholds[1];
        double valFlagged = shareEither(valScores, threshold, valImageScores, imageThreshold);
        double trainFlagged = shareEither(trainScores, threshold, trainImageScores, imageThreshold);

        int[] truth = valOut.labels.stream().mapToInt(card::indexOf).toArray();
        float[][] logits = valOut.logits.toArray(float[][]::new);
        double t = TemperatureScaling.fit(logits, truth);
        double nllBefore = TemperatureScaling.nll(logits, truth, 1.0);
        double nllAfter = TemperatureScaling.nll(logits, truth, t);
        double eceBefore = Calibration.topLabel(truth, probabilities(logits, 1.0), Calibration.DEFAULT_BINS)
                .expectedCalibrationError();
        double eceAfter = Calibration.topLabel(truth, probabilities(logits, t), Calibration.DEFAULT_BINS)
                .expectedCalibrationError();

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("features", "pooled_features of " + trainOut.features.size() + " training images");
        provenance.put("covariance", "Ledoit-Wolf shrinkage " + round(gate.shrinkage()) + " towards a scaled identity; "
                + gate.components() + " eigen-directions kept, the rest isotropic");
        provenance.put("score", "Mahalanobis distance / sqrt(" + gate.featureCount() + "); higher = less like the training images");
        provenance.put("image_statistics", ImageChecks.STATISTICS + " image statistics (8x8 thumbnail, histogram shape,"
                + " moments, texture) of the same training images, standardised; Ledoit-Wolf shrinkage " + round(imageGate.shrinkage()));
        provenance.put("threshold", "both gates' thresholds chosen on " + valScores.length + " validation images, each"
                + " at the same validation quantile, the largest that flags at most " + flaggedShare + " in all");
        provenance.put("validation_flagged", valFlagged);
        provenance.put("training_flagged", trainFlagged);
        provenance.put("validation_flagged_by_features", share(valScores, threshold));
        provenance.put("validation_flagged_by_image_statistics", share(valImageScores, imageThreshold));
        provenance.put("temperature_fitted_on", valScores.length + " validation images (minimum NLL)");
        provenance.put("validation_nll", Map.of("before", round(nllBefore), "after", round(nllAfter)));
        provenance.put("validation_ece", Map.of("before", round(eceBefore), "after", round(eceAfter)));
        double roughnessMax = Math.max(trainOut.maxRoughness[0], valOut.maxRoughness[0]);
        provenance.put("image_check", "flag inputs rougher (mean absolute difference of neighbouring input pixels)"
                + " than every training and validation X-ray: " + round(roughnessMax));
        provenance.put("combined_score", "max(mahalanobis / threshold, roughness / roughness_max,"
                + " image_statistics / image_threshold); flagged above 1");
        OodSettings ood = new OodSettings(OodSettings.MAHALANOBIS, OOD_FILE, null, threshold, roughnessMax,
                OOD_IMAGE_FILE, null, imageThreshold, provenance);
        ModelBundle updated = bundle.update(card.withTemperature(t).withOod(ood));
        LOG.info("stored temperature {} and OOD thresholds {} (features) and {} (image statistics), {} of validation"
                + " flagged, in {}", round(t), round(threshold), round(imageThreshold), round(valFlagged),
                bundle.directory());
        return new Result(updated, trainOut.features.size(), valOut.features.size(),
                trainOut.skipped[0] + valOut.skipped[0], gate.shrinkage(), threshold, imageThreshold, valFlagged,
                trainFlagged, t, nllBefore, nllAfter, eceBefore, eceAfter);
    }

    /**
     * @param scores validation scores
     * @param share the share to flag, in [0, 1)
     * @return a threshold such that {@code round(share * n)} scores lie above it: halfway between the last
     *     unflagged and the first flagged score, so tiny engine differences do not flip the boundary case
     */
    static double thresholdFlagging(double[] scores, double share) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int flagged = (int) Math.round(share * sorted.length);
        int last = sorted.length - 1 - flagged;
        if (flagged == 0) {
            return sorted[last] + Math.max(1e-9, Math.abs(sorted[last]) * 1e-6);
        }
        return (sorted[last] + sorted[last + 1]) / 2;
    }

    /**
     * Thresholds for two scores on the same images: each at the same quantile, the largest number flagged by
     * each alone such that at most {@code round(share * n)} images are flagged by either.
     *
     * @return {features threshold, image threshold}
     */
    static double[] jointThresholds(double[] a, double[] b, double share) {
        int n = a.length;
        int target = (int) Math.round(share * n);
        for (int each = target; each > 0; each--) {
            double ta = thresholdFlagging(a, each / (double) n);
            double tb = thresholdFlagging(b, each / (double) n);
            if (Math.round(shareEither(a, ta, b, tb) * n) <= target) {
                return new double[] {ta, tb};
            }
        }
        return new double[] {thresholdFlagging(a, 0), thresholdFlagging(b, 0)};
    }

    private static double shareEither(double[] a, double ta, double[] b, double tb) {
        long flagged = 0;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] <= ta) || !(b[i] <= tb)) {
                flagged++;
            }
        }
        return flagged / (double) a.length;
    }

    private static double share(double[] scores, double threshold) {
        return Arrays.stream(scores).filter(s -> !(s <= threshold)).count() / (double) scores.length;
    }

    private static double[][] probabilities(float[][] logits, double t) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            p[i] = TemperatureScaling.softmax(logits[i], t);
        }
        return p;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /**
     * Features, image statistics, logits and labels of the readable records (one-element arrays: running maximum
     * and count).
     */
    private record Outputs(List<float[]> features, List<float[]> statistics, List<float[]> logits, List<String> labels,
            double[] maxRoughness, int[] skipped) {}

    private Outputs run(ClassifierDiagnostics raw, ModelCard card, List<XrayRecord> records, long doneBefore, long total,
            ProgressListener progress) throws TranslateException {
        ReadOptions read = card.preprocessing().readOptions();
        Outputs out = new Outputs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new double[1],
                new int[1]);
        List<XrayImage> batch = new ArrayList<>();
        List<String> batchLabels = new ArrayList<>();
        long done = doneBefore;
        for (XrayRecord r : records) {
            try {
                batch.add(XrayImage.read(r.file(), read));
                batchLabels.add(r.label());
            } catch (InvalidImageException e) {
                LOG.warn("skipped {}", e.getMessage());
                out.skipped[0]++;
            }
            done++;
            if (batch.size() == batchSize) {
                flush(raw, card, batch, batchLabels, out);
                progress.progress(done, total, "");
            }
        }
        flush(raw, card, batch, batchLabels, out);
        progress.progress(done, total, "");
        return out;
    }

    /** Runs one batch through the classifier's own preprocessing (lung focus included) and the model. */
    private static void flush(ClassifierDiagnostics raw, ModelCard card, List<XrayImage> batch, List<String> batchLabels,
            Outputs into) throws TranslateException {
        if (batch.isEmpty()) {
            return;
        }
        float[] input = raw.preprocess(batch);
        int sample = card.preprocessing().sampleSize();
        for (int i = 0; i < batch.size(); i++) {
            into.maxRoughness[0] = Math.max(into.maxRoughness[0], ImageChecks.roughness(input, i * sample,
                    card.preprocessing().width(), card.preprocessing().height()));
            into.statistics.add(ImageChecks.statistics(input, i * sample, card.preprocessing().width(),
                    card.preprocessing().height()));
        }
        RawOutputs out = raw.forwardOutputs(input, batch.size());
        into.features.addAll(Arrays.asList(out.features()));
        into.logits.addAll(Arrays.asList(out.scores()));
        into.labels.addAll(batchLabels);
        batch.clear();
        batchLabels.clear();
    }

    /** Options for {@link BundleCalibrator}. Not thread-safe. */
    public static final class Builder {

        private double flaggedShare = 0.01;
        private int components = MahalanobisGate.DEFAULT_COMPONENTS;
        private int batchSize = 16;

        private Builder() {}

        /**
         * @param share the share of real validation images the gate should flag, in [0, 0.5]; default 0.01
         * @return this builder
         */
        public Builder optFlaggedShare(double share) {
            if (!(share >= 0 && share <= 0.5)) {
                throw new IllegalArgumentException("flagged share must be in [0, 0.5], got " + share);
            }
            this.flaggedShare = share;
            return this;
        }

        /**
         * @param components eigen-directions the gate keeps, at least 1; default
         *     {@value MahalanobisGate#DEFAULT_COMPONENTS}
         * @return this builder
         */
        public Builder optComponents(int components) {
            if (components < 1) {
                throw new IllegalArgumentException("components must be >= 1, got " + components);
            }
            this.components = components;
            return this;
        }

        /**
         * @param batchSize images per forward pass, at least 1; default 16
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** @return the calibrator */
        public BundleCalibrator build() {
            return new BundleCalibrator(this);
        }
    }
}
