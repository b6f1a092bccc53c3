package io.github.covidxray.core.explain;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A deletion check of an explanation: blank the heatmap's most salient cells covering a given share of the
 * image (a tenth by default) and, separately, the same number of randomly chosen cells, and see how much the
 * explained class's probability drops each time. A faithful heatmap makes the first drop clearly larger on
 * average. Blanking uses the image's mean ({@link Blanking}). Stateless and thread-safe.
 *
 * <p>Every heatmap is first averaged onto the same grid of at most {@value #REGIONS}x{@value #REGIONS} regions, so
 * methods are judged on blocks of one size: on a fine grid the random tenth would be a hundred scattered specks,
 * whose edges alone move a model's output far more than one compact block, and the comparison would say more
 * about the grid than about the explanation.
 */
public final class ExplanationFidelity {

    /** The share of the image blanked by default: a tenth. */
    public static final double DEFAULT_SHARE = 0.1;

    /** The side of the region grid heatmaps are averaged onto before cells are ranked. */
    public static final int REGIONS = 8;

    private ExplanationFidelity() {}

    /**
     * The drops in the explained class's probability for one image.
     *
     * @param salientDrop probability before minus after blanking the most salient cells
     * @param randomDrop probability before minus after blanking as many random cells
     * @param cells how many cells each blanking covered
     */
    public record Drops(double salientDrop, double randomDrop, int cells) {}

    /**
     * @param classifier the classifier that was explained
     * @param image the image as read
     * @param explanation its explanation
     * @param share the share of the grid's cells to blank, in {@code (0, 1)}; rounded up to whole cells
     * @param random picks the random cells
     * @return both drops (one call to the classifier with two blanked copies)
     * @throws TranslateException if the engine fails
     */
    public static Drops measure(CovidClassifier classifier, XrayImage image, Explanation explanation, double share,
            Random random) throws TranslateException {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("share must be in (0, 1), got " + share);
        }
        Heatmap heatmap = regions(explanation.heatmap());
        int n = heatmap.rows() * heatmap.cols();
        int k = (int) Math.ceil(share * n);
        float[] values = heatmap.values();
        int[] salient = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        List<Integer> all = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(all, random);
        int[] randomCells = all.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
        int fill = Blanking.meanValue(image);
        List<Prediction> after = classifier.classify(List.of(
                Blanking.blank(image, cellMask(heatmap, salient, image.width(), image.height()), true, fill),
                Blanking.blank(image, cellMask(heatmap, randomCells, image.width(), image.height()), true, fill)));
        double before = explanation.prediction().probability(explanation.explainedLabel());
        String label = explanation.explainedLabel();
        return new Drops(before - after.get(0).probability(label), before - after.get(1).probability(label), k);
    }

    /** Averages a heatmap finer than {@link #REGIONS} onto that grid, each cell going to the region of its centre. */
    static Heatmap regions(Heatmap heatmap) {
        int rows = Math.min(REGIONS, heatmap.rows());
        int cols = Math.min(REGIONS, heatmap.cols());
        if (rows == heatmap.rows() && cols == heatmap.cols()) {
            return heatmap;
        }
        float[] sum = new float[rows * cols];
        int[] count = new int[rows * cols];
        for (int r = 0; r < heatmap.rows(); r++) {
            int rr = (int) ((r + 0.5) * rows / heatmap.rows());
            for (int c = 0; c < heatmap.cols(); c++) {
                int cc = (int) ((c + 0.5) * cols / heatmap.cols());
                sum[rr * cols + cc] += heatmap.value(r, c);
                count[rr * cols + cc]++;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count[i] == 0 ? 0 : sum[i] / count[i];
        }
        return new Heatmap(rows, cols, sum);
    }

    /** The pixels of the given cells, with cell bounds as {@link Heatmap} defines them. */
    static boolean[] cellMask(Heatmap heatmap, int[] cells, int width, int height) {
        boolean[] mask = new boolean[width * height];
        for (int cell : cells) {
            int r = cell / heatmap.cols();
            int c = cell % heatmap.cols();
            int x0 = c * width / heatmap.cols();
            int x1 = (c + 1) * width / heatmap.cols();
            for (int y = r * height / heatmap.rows(); y < (r + 1) * height / heatmap.rows(); y++) {
                java.util.Arrays.fill(mask, y * width + x0, y * width + x1, true);
            }
        }
        return mask;
    }
}
