package io.github.covidxray.plots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves per epoch: loss (training and, if given, validation) above, validation macro ROC-AUC
 * below, sharing the epoch axis, with the best-AUC epoch marked. Epochs are numbered from 1; a
 * {@code NaN} value (an epoch without that measurement) is left out. Stateless and thread-safe.
 */
public final class TrainingCurvesPlot {

    /** Default PNG width in pixels. */
    public static final int DEFAULT_WIDTH = 900;
    /** Default PNG height in pixels. */
    public static final int DEFAULT_HEIGHT = 750;

    private TrainingCurvesPlot() {}

    /**
     * Builds the chart.
     *
     * @param trainLoss mean training loss per epoch
     * @param valLossOrNull validation loss per epoch, or null or empty
     * @param valAuc validation macro ROC-AUC per epoch
     * @return the chart
     */
    public static JFreeChart chart(List<Double> trainLoss, List<Double> valLossOrNull, List<Double> valAuc) {
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(series("training loss", trainLoss));
        boolean hasValLoss = valLossOrNull != null && !valLossOrNull.isEmpty();
        if (hasValLoss) {
            losses.addSeries(series("validation loss", valLossOrNull));
        }
        XYPlot lossPlot = new XYPlot(losses, null, new NumberAxis("Loss"), renderer(0, 1));
        XYSeriesCollection aucs = new XYSeriesCollection(series("validation macro ROC-AUC", valAuc));
        NumberAxis aucAxis = new NumberAxis("Validation macro ROC-AUC");
        aucAxis.setAutoRangeIncludesZero(false);
        XYPlot aucPlot = new XYPlot(aucs, null, aucAxis, renderer(2));

        NumberAxis epochs = new NumberAxis("Epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochs);
        combined.setGap(12);
        combined.add(lossPlot, 1);
        combined.add(aucPlot, 1);
        ChartStyle.apply(lossPlot);
        ChartStyle.apply(aucPlot);
        epochs.setLabelFont(ChartStyle.AXIS_LABEL_FONT);
        epochs.setTickLabelFont(ChartStyle.TICK_FONT);
        markBest(valAuc, lossPlot, aucPlot);

        JFreeChart chart = new JFreeChart("Training curves", ChartStyle.TITLE_FONT, combined, true);
        ChartStyle.apply(chart);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    /**
     * Writes the chart as a PNG of the default size.
     *
     * @param trainLoss mean training loss per epoch
     * @param valLossOrNull validation loss per epoch, or null or empty
     * @param valAuc validation macro ROC-AUC per epoch
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(List<Double> trainLoss, List<Double> valLossOrNull, List<Double> valAuc, Path file)
            throws IOException {
        write(trainLoss, valLossOrNull, valAuc, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the chart as a PNG.
     *
     * @param trainLoss mean training loss per epoch
     * @param valLossOrNull validation loss per epoch, or null or empty
     * @param valAuc validation macro ROC-AUC per epoch
     * @param file the PNG to write
     * @param width width in pixels
     * @param height height in pixels
     * @throws IOException if it cannot be written
     */
    public static void write(List<Double> trainLoss, List<Double> valLossOrNull, List<Double> valAuc, Path file,
            int width, int height) throws IOException {
        ChartStyle.save(chart(trainLoss, valLossOrNull, valAuc), file, width, height);
    }

    private static XYSeries series(String name, List<Double> values) {
        XYSeries series = new XYSeries(name, false, true);
        for (int e = 0; e < values.size(); e++) {
            Double v = values.get(e);
            if (v != null && !v.isNaN()) {
                series.add(e + 1, v);
            }
        }
        return series;
    }

    private static XYLineAndShapeRenderer renderer(int... colours) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < colours.length; s++) {
            renderer.setSeriesPaint(s, ClassColors.series(colours[s]));
            renderer.setSeriesStroke(s, ChartStyle.line(2.5f));
        }
        return renderer;
    }

    /** A vertical line at the epoch a best-checkpoint selection on validation AUC would keep. */
    private static void markBest(List<Double> valAuc, XYPlot... plots) {
        int best = -1;
        for (int e = 0; e < valAuc.size(); e++) {
            Double v = valAuc.get(e);
            if (v != null && !v.isNaN() && (best < 0 || v > valAuc.get(best))) {
                best = e;
            }
        }
        if (best < 0) {
            return;
        }
        ValueMarker marker = null;
        for (XYPlot plot : plots) {
            marker = new ValueMarker(best + 1, Color.GRAY, ChartStyle.dashed(1.5f));
            plot.addDomainMarker(marker);
        }
        marker.setLabel(String.format(Locale.ROOT, "best epoch %d (AUC %.3f)", best + 1, valAuc.get(best)));
        marker.setLabelFont(ChartStyle.TICK_FONT);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        marker.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    }
}
