package io.github.covidxray.core.trust;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.eval.RocCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How well a classifier's out-of-distribution gate separates real X-rays from inputs that are not frontal
 * chest X-rays ({@link OodTestSet}): per kind, the AUROC of the OOD score against the real X-rays (1 = every
 * input of the kind scores higher than every real X-ray), the share flagged, the median score and the share
 * answered with a top probability of at least {@value #CONFIDENT}. One implementation for the
 * {@code ood-check} command and the study. Stateless and thread-safe.
 */
public final class OodCheck {

    /** The top probability counted as a confident answer. */
    public static final double CONFIDENT = 0.9;

    /** The name of the real X-rays' row. */
    public static final String REAL = "real";

    private OodCheck() {}

    /**
     * One kind's result.
     *
     * @param kind the kind's name ({@value #REAL} for the real X-rays)
     * @param description what the inputs are
     * @param n how many
     * @param auroc AUROC of the OOD score against the real X-rays; NaN for the real row
     * @param flagged share flagged out of distribution
     * @param medianScore median OOD score
     * @param confidentShare share answered with top probability at least {@value #CONFIDENT}
     */
    public record KindResult(String kind, String description, int n, double auroc, double flagged, double medianScore,
            double confidentShare) {

        /** @return the result as an ordered map for a JSON writer; an undefined AUROC becomes null */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("description", description);
            m.put("n", n);
            m.put("auroc", Double.isNaN(auroc) ? null : auroc);
            m.put("flagged", flagged);
            m.put("median_score", medianScore);
            m.put("confident_share", confidentShare);
            return m;
        }
    }

    /**
     * Scores the real X-rays and each kind, in batches.
     *
     * @param classifier a classifier whose bundle carries an OOD gate
     * @param real real X-rays (the reference, for example a validation split)
     * @param realDescription what the real X-rays are, for the first row
     * @param kinds the kinds to test; empty kinds are left out
     * @param batch images per call, at least 1
     * @return the real row first, then one row per non-empty kind, in order
     * @throws IllegalArgumentException if the model has no gate, {@code real} is empty or {@code batch < 1}
     * @throws TranslateException if the engine fails
     */
    public static List<KindResult> run(CovidClassifier classifier, List<XrayImage> real, String realDescription,
            List<OodTestSet.Kind> kinds, int batch) throws TranslateException {
        Objects.requireNonNull(realDescription, "realDescription");
        if (classifier.card().ood() == null) {
            throw new IllegalArgumentException("model " + classifier.card().name() + " has no out-of-distribution"
                    + " gate; fit one with covid-xray calibrate (library: BundleCalibrator)");
        }
        if (real.isEmpty() || batch < 1) {
            throw new IllegalArgumentException("need real X-rays and a batch of at least 1, got " + real.size()
                    + " images and batch " + batch);
        }
        List<KindResult> results = new ArrayList<>();
        List<Prediction> realPredictions = classify(classifier, real, batch);
        double[] realScores = scores(realPredictions);
        results.add(summarise(REAL, realDescription, realPredictions, null));
        for (OodTestSet.Kind kind : kinds) {
            if (!kind.images().isEmpty()) {
                results.add(summarise(kind.name(), kind.description(), classify(classifier, kind.images(), batch),
                        realScores));
            }
        }
        return results;
    }

    private static List<Prediction> classify(CovidClassifier classifier, List<XrayImage> images, int batch)
            throws TranslateException {
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i += batch) {
            out.addAll(classifier.classify(images.subList(i, Math.min(images.size(), i + batch))));
        }
        return out;
    }

    private static double[] scores(List<Prediction> predictions) {
        return predictions.stream().mapToDouble(Prediction::oodScore).toArray();
    }

    private static KindResult summarise(String kind, String description, List<Prediction> predictions,
            double[] realScores) {
        double[] scores = scores(predictions);
        double n = scores.length;
        double flagged = predictions.stream().filter(Prediction::outOfDistribution).count() / n;
        double confident = predictions.stream().filter(p -> p.confidence() >= CONFIDENT).count() / n;
        double auroc = Double.NaN;
        if (realScores != null) {
            boolean[] positive = new boolean[scores.length + realScores.length];
            double[] all = new double[positive.length];
            Arrays.fill(positive, 0, scores.length, true);
            System.arraycopy(scores, 0, all, 0, scores.length);
            System.arraycopy(realScores, 0, all, scores.length, realScores.length);
            auroc = RocCurve.of("ood", positive, all).auc();
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return new KindResult(kind, description, scores.length, auroc, flagged, sorted[sorted.length / 2], confident);
    }
}
