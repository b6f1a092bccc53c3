package io.github.covidxray.plots;

import io.github.covidxray.core.eval.Calibration;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A reliability diagram: in each confidence bin, the share of top-label predictions that were right against
 * their mean confidence, before and after temperature scaling, with the diagonal a calibrated model follows.
 * Empty bins are left out. Stateless and thread-safe.
 */
public final class ReliabilityPlot {

    /** File name {@code evaluate --out} writes. */
    public static final String FILE = "reliability.png";

    private ReliabilityPlot() {}

    /**
     * @param before calibration at temperature 1, or {@code null} when the model has no temperature
     * @param after calibration of the probabilities the model gives
     * @param subtitleOrNull a subtitle, or null
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(Calibration before, Calibration after, String subtitleOrNull, Path file)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        if (before != null) {
            data.addSeries(series(String.format(Locale.ROOT, "before temperature scaling (ECE %.3f)",
                    before.expectedCalibrationError()), before));
        }
        data.addSeries(series(String.format(Locale.ROOT, before != null ? "after temperature scaling (ECE %.3f)"
                : "model probabilities (ECE %.3f)", after.expectedCalibrationError()), after));
        XYSeries diagonal = new XYSeries("perfectly calibrated", false, true);
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
        JFreeChart chart = ChartFactory.createXYLineChart("Reliability (top label)", "Mean confidence in bin",
                "Share correct in bin", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int curves = data.getSeriesCount() - 1;
        for (int s = 0; s < curves; s++) {
            renderer.setSeriesPaint(s, ClassColors.series(s));
            renderer.setSeriesStroke(s, ChartStyle.line(2.5f));
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        renderer.setSeriesPaint(curves, Color.GRAY);
        renderer.setSeriesStroke(curves, ChartStyle.dashed(1.5f));
        renderer.setSeriesShapesVisible(curves, false);
        plot.setRenderer(renderer);
        ChartStyle.unitSquare(chart, subtitleOrNull);
        ChartStyle.save(chart, file, RocPlot.DEFAULT_WIDTH, RocPlot.DEFAULT_HEIGHT);
    }

    private static XYSeries series(String name, Calibration c) {
        XYSeries s = new XYSeries(name, false, true);
        int[] counts = c.binCounts();
        double[] confidence = c.binConfidence();
        double[] accuracy = c.binAccuracy();
        for (int b = 0; b < c.bins(); b++) {
            if (counts[b] > 0) {
                s.add(confidence[b], accuracy[b]);
            }
        }
        return s;
    }
}
