package io.github.covidxray.histogram.audit;

import io.github.covidxray.core.eval.RocCurve;
import io.github.covidxray.histogram.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The shortcut audit: how well can each class be told apart from the others using intensity features
 * alone ({@link AuditFeatures})? Runs a cross-validated one-vs-rest L2-regularised logistic regression on
 * standardised features and reports the out-of-fold ROC-AUC per class (Mann-Whitney, ties counting one
 * half, from core's {@link RocCurve}). Folds keep each patient's images
 * together when patient ids are known, so a patient's other images cannot leak into the test fold.
 *
 * <p>Public COVID-19 X-ray collections are known to be separable by their sources (hospitals, scanners,
 * post-processing, burnt-in text) rather than by disease. A high AUC here, from features that carry
 * almost no anatomy, warns that any classifier trained on the data may learn the source.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ShortcutAudit {

    private final int folds;
    private final double lambda;
    private final long seed;

    private ShortcutAudit(Builder b) {
        this.folds = b.folds;
        this.lambda = b.lambda;
        this.seed = b.seed;
    }

    /** @return a builder; every setting is optional */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the audit.
     *
     * @param table the features, labels and groups of the images
     * @return the AUC of each class against the rest
     * @throws IllegalArgumentException if there are fewer than two classes or two groups
     */
    public AuditResult run(FeatureTable table) {
        List<String> labels = Arrays.stream(table.labels()).distinct().sorted().toList();
        long groupCount = Arrays.stream(table.groups()).distinct().count();
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the audit needs at least two classes, found " + labels);
        }
        if (groupCount < 2) {
            throw new IllegalArgumentException("the audit needs at least two patients or images, found " + groupCount);
        }
        int[] fold = GroupedFolds.assign(table.labels(), table.groups(), folds, seed);
        int k = Arrays.stream(fold).max().orElse(0) + 1;
        int n = table.size();
        // Standardise each training fold once, and share it across the one-vs-rest models.
        double[][][] trainX = new double[k][][];
        double[][][] testX = new double[k][][];
        int[][] trainRows = new int[k][];
        int[][] testRows = new int[k][];
        for (int f = 0; f < k; f++) {
            int ff = f;
            trainRows[f] = IntStream.range(0, n).filter(i -> fold[i] != ff).toArray();
            testRows[f] = IntStream.range(0, n).filter(i -> fold[i] == ff).toArray();
            Standardiser st = Standardiser.fit(table.rows(), trainRows[f]);
            trainX[f] = st.apply(table.rows(), trainRows[f]);
            testX[f] = st.apply(table.rows(), testRows[f]);
        }
        record Task(int label, int fold) {}
        List<Task> tasks = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            for (int f = 0; f < k; f++) {
                tasks.add(new Task(c, f));
            }
        }
        double[][] scores = new double[labels.size()][n];
        // Independent fits: use the cores (the common pool) for them.
        tasks.parallelStream().forEach(t -> {
            String label = labels.get(t.label);
            boolean[] y = new boolean[trainRows[t.fold].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = table.labels()[trainRows[t.fold][i]].equals(label);
            }
            L2LogisticRegression model = L2LogisticRegression.fit(trainX[t.fold], y, lambda);
            for (int i = 0; i < testRows[t.fold].length; i++) {
                scores[t.label][testRows[t.fold][i]] = model.score(testX[t.fold][i]);
            }
        });
        Map<String, AuditResult.ClassAuc> perClass = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            String label = labels.get(c);
            boolean[] positive = new boolean[n];
            int positives = 0;
            for (int i = 0; i < n; i++) {
                positive[i] = table.labels()[i].equals(label);
                positives += positive[i] ? 1 : 0;
            }
            double auc = RocCurve.of(label, positive, scores[c]).auc(); // NaN without negatives
            perClass.put(label, new AuditResult.ClassAuc(label, positives, auc, foldAucs(scores[c], positive, testRows)));
        }
        boolean grouped = groupCount < n;
        return new AuditResult(n, table.width(), k, grouped, perClass);
    }

    /**
     * Fits the one-vs-rest models on one table and scores another, for example the training split and the
     * validation split, so the intensity-only baseline can stand in the same table as a trained network.
     *
     * @param train the rows to fit on (features standardised on these rows only)
     * @param test the rows to score; same feature columns
     * @param labels the classes, in the order of the returned columns; each must occur in {@code train}
     * @return {@code [test row][class]}: the one-vs-rest probabilities normalised to sum to 1 per row
     * @throws IllegalArgumentException if the tables' widths differ or a class is missing from {@code train}
     */
    public double[][] fitAndScore(FeatureTable train, FeatureTable test, List<String> labels) {
        if (train.width() != test.width()) {
            throw new IllegalArgumentException("train has " + train.width() + " features but test has " + test.width());
        }
        int[] all = IntStream.range(0, train.size()).toArray();
        Standardiser st = Standardiser.fit(train.rows(), all);
        double[][] trainX = st.apply(train.rows(), all);
        double[][] testX = st.apply(test.rows(), IntStream.range(0, test.size()).toArray());
        double[][] scores = new double[test.size()][labels.size()];
        IntStream.range(0, labels.size()).parallel().forEach(c -> {
            boolean[] y = new boolean[train.size()];
            boolean any = false;
            for (int i = 0; i < y.length; i++) {
                y[i] = train.labels()[i].equals(labels.get(c));
                any |= y[i];
            }
            if (!any) {
                throw new IllegalArgumentException("class '" + labels.get(c) + "' has no training rows");
            }
            L2LogisticRegression model = L2LogisticRegression.fit(trainX, y, lambda);
            for (int i = 0; i < testX.length; i++) {
                scores[i][c] = 1 / (1 + Math.exp(-model.score(testX[i]))); // log-odds to probability
            }
        });
        for (double[] row : scores) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            for (int c = 0; c < row.length; c++) {
                row[c] = sum > 0 ? row[c] / sum : 1.0 / row.length;
            }
        }
        return scores;
    }

    private static List<Double> foldAucs(double[] scores, boolean[] positive, int[][] testRows) {
        List<Double> out = new ArrayList<>();
        for (int[] rows : testRows) {
            double[] s = new double[rows.length];
            boolean[] p = new boolean[rows.length];
            int pos = 0;
            for (int i = 0; i < rows.length; i++) {
                s[i] = scores[rows[i]];
                p[i] = positive[rows[i]];
                pos += p[i] ? 1 : 0;
            }
            if (pos > 0 && pos < rows.length) {
                out.add(RocCurve.of("fold", p, s).auc());
            }
        }
        return out;
    }

    /** Builds a {@link ShortcutAudit}. Not thread-safe. */
    public static final class Builder {
        private int folds = 5;
        private double lambda = 1e-2;
        private long seed = 42;

        private Builder() {}

        /**
         * @param folds cross-validation folds, at least 2; 5 by default (fewer if there are fewer patients)
         * @return this builder
         */
        public Builder optFolds(int folds) {
            if (folds < 2) {
                throw new IllegalArgumentException("folds must be at least 2, got " + folds);
            }
            this.folds = folds;
            return this;
        }

        /**
         * @param lambda the L2 penalty on standardised weights, {@code > 0}; 0.01 by default
         * @return this builder
         */
        public Builder optL2(double lambda) {
            if (!(lambda > 0)) {
                throw new IllegalArgumentException("lambda must be positive, got " + lambda);
            }
            this.lambda = lambda;
            return this;
        }

        /**
         * @param seed the seed of the fold assignment; 42 by default
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the audit */
        public ShortcutAudit build() {
            return new ShortcutAudit(this);
        }
    }

    /** Zero mean, unit variance per feature, fitted on training rows only (no test-fold leakage). */
    private record Standardiser(double[] mean, double[] scale) {
        static Standardiser fit(float[][] rows, int[] use) {
            int d = rows[0].length;
            double[] mean = new double[d];
            double[] sq = new double[d];
            for (int r : use) {
                for (int j = 0; j < d; j++) {
                    mean[j] += rows[r][j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= use.length;
            }
            for (int r : use) {
                for (int j = 0; j < d; j++) {
                    double v = rows[r][j] - mean[j];
                    sq[j] += v * v;
                }
            }
            double[] scale = new double[d];
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(sq[j] / use.length);
                scale[j] = sd > 1e-12 ? 1 / sd : 0; // a constant feature carries nothing: zero it
            }
            return new Standardiser(mean, scale);
        }

        double[][] apply(float[][] rows, int[] use) {
            double[][] out = new double[use.length][mean.length];
            for (int i = 0; i < use.length; i++) {
                float[] row = rows[use[i]];
                for (int j = 0; j < mean.length; j++) {
                    out[i][j] = (row[j] - mean[j]) * scale[j];
                }
            }
            return out;
        }
    }
}
