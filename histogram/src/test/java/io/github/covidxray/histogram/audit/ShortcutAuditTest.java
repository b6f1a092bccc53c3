package io.github.covidxray.histogram.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.SyntheticImages;
import io.github.covidxray.histogram.dataset.FeatureTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShortcutAuditTest {

    private static FeatureTable table(int n, int d, boolean informative, long seed, int imagesPerPatient) {
        Random rnd = new Random(seed);
        float[][] rows = new float[n][d];
        String[] labels = new String[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            int patient = i / imagesPerPatient;
            labels[i] = patient % 3 == 0 ? "covid" : patient % 3 == 1 ? "normal" : "pneumonia";
            groups[i] = "p" + patient;
            for (int j = 0; j < d; j++) {
                rows[i][j] = (float) rnd.nextGaussian();
            }
            if (informative) {
                int c = patient % 3;
                rows[i][c] += 3; // each class shifts its own feature
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("f" + j);
        }
        return new FeatureTable(names, rows, labels, groups);
    }

    @Test
    void separableClassesGiveHighAuc() {
        AuditResult r = ShortcutAudit.builder().build().run(table(240, 20, true, 1, 2));
        assertEquals(3, r.perClass().size());
        for (AuditResult.ClassAuc c : r.perClass().values()) {
            assertTrue(c.auc() > 0.95, c.toString());
            assertEquals(5, c.foldAucs().size());
        }
        assertTrue(r.groupedByPatient());
        assertEquals(AuditResult.Level.STRONG, r.level());
        assertTrue(r.message().startsWith("WARNING"));
    }

    @Test
    void noiseGivesChanceAuc() {
        AuditResult r = ShortcutAudit.builder().build().run(table(300, 10, false, 2, 1));
        for (AuditResult.ClassAuc c : r.perClass().values()) {
            assertEquals(0.5, c.auc(), 0.12, c.toString());
        }
        assertFalse(r.groupedByPatient(), "one image per group is not grouping");
        assertTrue(r.level().compareTo(AuditResult.Level.MODERATE) < 0);
    }

    @Test
    void foldsKeepPatientsTogetherAndClassesBalanced() {
        FeatureTable t = table(300, 2, false, 3, 3);
        int[] fold = GroupedFolds.assign(t.labels(), t.groups(), 5, 7);
        Map<String, Integer> foldOfGroup = new HashMap<>();
        int[][] perClass = new int[5][3];
        for (int i = 0; i < fold.length; i++) {
            Integer previous = foldOfGroup.putIfAbsent(t.groups()[i], fold[i]);
            assertTrue(previous == null || previous == fold[i], "group split across folds");
            perClass[fold[i]][List.of("covid", "normal", "pneumonia").indexOf(t.labels()[i])]++;
        }
        for (int[] f : perClass) {
            for (int c : f) {
                assertEquals(20, c, 3, Arrays.deepToString(perClass));
            }
        }
        assertArrayEqualsInt(fold, GroupedFolds.assign(t.labels(), t.groups(), 5, 7));
    }

    private static void assertArrayEqualsInt(int[] a, int[] b) {
        assertTrue(Arrays.equals(a, b), "same seed, same folds");
    }

    @Test
    void logisticRegressionReachesTheOptimum() {
        Random rnd = new Random(5);
        int n = 200;
        double[][] x = new double[n][3];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = x[i][0] - 0.5 * x[i][1] + 0.3 * rnd.nextGaussian() > 0.2;
        }
        double lambda = 0.05;
        L2LogisticRegression m = L2LogisticRegression.fit(x, y, lambda);
        // Independent check of the optimality condition: the penalised gradient is zero.
        double[] w = m.weights();
        double[] grad = new double[4];
        for (int i = 0; i < n; i++) {
            double z = m.score(x[i]);
            double residual = 1 / (1 + Math.exp(-z)) - (y[i] ? 1 : 0);
            for (int j = 0; j < 3; j++) {
                grad[j] += residual * x[i][j] / n;
            }
            grad[3] += residual / n;
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(0, grad[j] + lambda * w[j], 1e-5, "weight " + j);
        }
        assertEquals(0, grad[3], 1e-5, "intercept");
        assertTrue(w[0] > 0 && w[1] < 0 && Math.abs(w[2]) < Math.abs(w[1]), Arrays.toString(w));
    }

    @Test
    void auditNeedsTwoClasses() {
        FeatureTable one = new FeatureTable(List.of("f"), new float[][] {{1}, {2}}, new String[] {"a", "a"},
                new String[] {"x", "y"});
        assertThrows(IllegalArgumentException.class, () -> ShortcutAudit.builder().build().run(one));
    }

    @Test
    void thumbnailAveragesCells() {
        // left half 0, right half 255, 40x20: a 16x16 thumbnail's cells straddling the middle mix both
        byte[] px = new byte[40 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 20; x < 40; x++) {
                px[y * 40 + x] = (byte) 255;
            }
        }
        float[] t = AuditFeatures.thumbnail(XrayImage.ofGray8(40, 20, px, "halves"), 16);
        for (int cy = 0; cy < 16; cy++) {
            for (int cx = 0; cx < 16; cx++) {
                // columns of cell cx: x with floor(x * 16 / 40) == cx
                int bright = 0;
                int all = 0;
                for (int x = 0; x < 40; x++) {
                    if (x * 16 / 40 == cx) {
                        all++;
                        bright += x >= 20 ? 1 : 0;
                    }
                }
                assertEquals(bright / (double) all, t[cy * 16 + cx], 1e-6);
            }
        }
        XrayImage img12 = SyntheticImages.ramp16(64, 64, 12, 1);
        float[] f = AuditFeatures.extract(img12, HistogramAnalyzer.defaults().analyze(img12));
        assertEquals(AuditFeatures.names().size(), f.length);
        for (float v : f) {
            assertTrue(Float.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class,
                () -> AuditFeatures.thumbnail(SyntheticImages.constant8(8, 8, 1), 16));
    }

    @Test
    void fitAndScoreGivesHeldOutProbabilitiesThatRankTheInformativeClassFirst() {
        FeatureTable train = table(90, 8, true, 1, 1);
        FeatureTable test = table(60, 8, true, 2, 1);
        List<String> labels = List.of("covid", "normal", "pneumonia");
        double[][] p = ShortcutAudit.builder().build().fitAndScore(train, test, labels);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            assertEquals(1.0, Arrays.stream(p[i]).sum(), 1e-9, "row " + i + " must be a distribution");
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += labels.get(best).equals(test.labels()[i]) ? 1 : 0;
        }
        assertTrue(right > 50, "the class that shifts its own feature should win on most held-out rows: " + right);
        assertTrue(Arrays.stream(p).mapToDouble(r -> r[0]).distinct().count() > 10, "scores must vary between rows");
    }
}
