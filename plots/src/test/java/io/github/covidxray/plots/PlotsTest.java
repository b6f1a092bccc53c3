package io.github.covidxray.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.eval.ConfusionMatrix;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.core.eval.Evaluator;
import io.github.covidxray.core.eval.RocCurve;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    @TempDir
    Path tempDir;

    private Path dir;

    /** Set -Dcovidxray.plots.keep=DIR to keep the PNGs for a look. */
    @BeforeEach
    void chooseDirectory() {
        String keep = System.getProperty("covidxray.plots.keep");
        dir = keep == null ? tempDir : Path.of(keep);
    }

    @Test
    void evaluationPlotsAreNonTrivialImagesOfTheExpectedSize() throws IOException {
        EvaluationReport report = Evaluator.evaluate(LABELS, syntheticTrue(), syntheticProbs(), null,
                EvaluationOptions.builder().optBootstrapResamples(0).build());
        List<Path> files = EvaluationPlots.write(report, "synthetic", dir);
        assertEquals(2, files.size());
        BufferedImage roc = read(dir.resolve(EvaluationPlots.ROC_FILE), RocPlot.DEFAULT_WIDTH, RocPlot.DEFAULT_HEIGHT);
        BufferedImage confusion = read(dir.resolve(EvaluationPlots.CONFUSION_FILE), ConfusionMatrixPlot.DEFAULT_WIDTH,
                ConfusionMatrixPlot.DEFAULT_HEIGHT);
        assertTrue(countPixels(roc, 0x0072B2) > 500, "the first class's curve is drawn in its colour");
        assertTrue(countPixels(roc, 0xD55E00) > 500, "the second class's curve is drawn in its colour");
        assertTrue(countPixels(confusion, 0x08306B) + countNear(confusion, 0x08306B, 40) > 2000,
                "a dominant diagonal gives dark cells");
    }

    @Test
    void confusionPlotHandlesAClassWithoutCases() throws IOException {
        ConfusionMatrix cm = new ConfusionMatrix(LABELS, new int[][] {{5, 1, 0}, {2, 9, 1}, {0, 0, 0}});
        Path file = dir.resolve("confusion-empty-row.png");
        ConfusionMatrixPlot.write(cm, null, file, 500, 400);
        read(file, 500, 400);
    }

    @Test
    void trainingCurvesPlotIsWritten() throws IOException {
        List<Double> loss = List.of(1.10, 0.82, 0.61, 0.50, 0.44, 0.41, 0.40);
        List<Double> valLoss = List.of(1.00, 0.80, 0.66, 0.60, 0.58, 0.60, 0.63);
        List<Double> valAuc = List.of(0.71, 0.80, 0.86, 0.90, 0.91, Double.NaN, 0.905);
        Path file = dir.resolve("training.png");
        TrainingCurvesPlot.write(loss, valLoss, valAuc, file);
        BufferedImage image = read(file, TrainingCurvesPlot.DEFAULT_WIDTH, TrainingCurvesPlot.DEFAULT_HEIGHT);
        assertTrue(countPixels(image, 0x009E73) > 300, "the AUC curve is drawn");
        Path noValLoss = dir.resolve("training-no-val-loss.png");
        TrainingCurvesPlot.write(loss, null, valAuc, noValLoss, 640, 480);
        read(noValLoss, 640, 480);
    }

    @Test
    void aClassHasTheSameColourInRocPlotsWhateverItsPositionAndAsInHistogramPlots() {
        boolean[] positive = {true, false, true, false};
        double[] scores = {0.9, 0.2, 0.7, 0.4};
        for (List<String> order : List.of(List.of("covid", "normal"), List.of("normal", "covid"))) {
            List<RocCurve> curves = order.stream().map(label -> RocCurve.of(label, positive, scores)).toList();
            XYItemRenderer renderer = RocPlot.chart(curves, null, null).getXYPlot().getRenderer();
            int covid = order.indexOf("covid");
            // the histogram module's plots colour classes with ClassColors too
            assertEquals(ClassColors.of("covid", 7), renderer.getSeriesPaint(covid), "covid at position " + covid);
            assertEquals(ClassColors.of("normal", 7), renderer.getSeriesPaint(1 - covid));
        }
        assertEquals(new Color(0xD5, 0x5E, 0x00), ClassColors.of("covid", 0), "covid is vermillion everywhere");
    }

    @Test
    void rejectsTinySize() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b"), new int[][] {{1, 0}, {0, 1}});
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.write(cm, null, dir.resolve("tiny.png"), 10, 10));
    }

    /** Reads a PNG and checks its size and that it holds more than a blank canvas. */
    private static BufferedImage read(Path file, int width, int height) throws IOException {
        assertTrue(Files.size(file) > 5_000, file + " is only " + Files.size(file) + " bytes");
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int p : rgb) {
            colours.add(p & 0xFFFFFF);
            if ((p & 0xFFFFFF) != 0xFFFFFF) {
                nonWhite++;
            }
        }
        assertTrue(colours.size() > 20, "only " + colours.size() + " colours in " + file);
        double inked = (double) nonWhite / rgb.length;
        assertTrue(inked > 0.01 && inked < 0.95, "share of non-white pixels " + inked + " in " + file);
        return image;
    }

    private static int countPixels(BufferedImage image, int colour) {
        return countNear(image, colour, 0);
    }

    private static int countNear(BufferedImage image, int colour, int tolerance) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        int count = 0;
        for (int p : rgb) {
            if (Math.abs(((p >> 16) & 0xFF) - ((colour >> 16) & 0xFF)) <= tolerance
                    && Math.abs(((p >> 8) & 0xFF) - ((colour >> 8) & 0xFF)) <= tolerance
                    && Math.abs((p & 0xFF) - (colour & 0xFF)) <= tolerance) {
                count++;
            }
        }
        return count;
    }

    private static int[] syntheticTrue() {
        int[] t = new int[300];
        for (int i = 0; i < t.length; i++) {
            t[i] = i % 10 < 3 ? 0 : i % 10 < 9 ? 1 : 2;
        }
        return t;
    }

    /** Informative softmax outputs: the true class's logit is raised. */
    private static double[][] syntheticProbs() {
        int[] t = syntheticTrue();
        Random random = new Random(3);
        double[][] probs = new double[t.length][3];
        for (int i = 0; i < t.length; i++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                probs[i][c] = Math.exp(random.nextGaussian() + (c == t[i] ? 2.0 : 0));
                sum += probs[i][c];
            }
            for (int c = 0; c < 3; c++) {
                probs[i][c] /= sum;
            }
        }
        return probs;
    }
}
