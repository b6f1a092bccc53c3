package io.github.covidxray.plots;

import io.github.covidxray.core.eval.ThresholdChoice;
import io.github.covidxray.core.eval.RocCurve;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One-vs-rest ROC curves of all classes in one chart, with the chance diagonal, each class's AUC in the
 * legend and, optionally, the chosen operating point. Stateless and thread-safe.
 */
public final class RocPlot {

    /** Default PNG width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** Default PNG height in pixels. */
    public static final int DEFAULT_HEIGHT = 800;

    private RocPlot() {}

    /**
     * Builds the chart. Classes whose curve is undefined (no positives or no negatives) appear in the
     * legend without a line.
     *
     * @param curves one curve per class
     * @param operatingPointOrNull a point to mark, or null
     * @param subtitleOrNull a line under the title (for example the data set and n), or null
     * @return the chart
     */
    public static JFreeChart chart(List<RocCurve> curves, ThresholdChoice operatingPointOrNull, String subtitleOrNull) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RocCurve curve : curves) {
            XYSeries series = new XYSeries(legendLabel(curve), false, true);
            double[] fpr = curve.falsePositiveRates();
            double[] tpr = curve.truePositiveRates();
            for (int i = 0; i < fpr.length; i++) {
                series.add(fpr[i], tpr[i]);
            }
            data.addSeries(series);
        }
        XYSeries chance = new XYSeries("chance (AUC 0.5)", false, true);
        chance.add(0, 0);
        chance.add(1, 1);
        data.addSeries(chance);
        boolean markPoint = operatingPointOrNull != null && operatingPointOrNull.isDefined()
                && !Double.isNaN(operatingPointOrNull.specificity());
        if (markPoint) {
            XYSeries point = new XYSeries(pointLabel(operatingPointOrNull), false, true);
            point.add(1 - operatingPointOrNull.specificity(), operatingPointOrNull.sensitivity());
            data.addSeries(point);
        }

        JFreeChart chart = ChartFactory.createXYLineChart("ROC curves (one class vs rest)",
                "False positive rate (1 - specificity)", "True positive rate (sensitivity)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < curves.size(); s++) {
            renderer.setSeriesPaint(s, ClassColors.of(curves.get(s).label(), s));
            renderer.setSeriesStroke(s, ChartStyle.line(2.5f));
        }
        renderer.setSeriesPaint(curves.size(), Color.GRAY);
        renderer.setSeriesStroke(curves.size(), ChartStyle.dashed(1.5f));
        if (markPoint) {
            int s = curves.size() + 1;
            int classIndex = indexOf(curves, operatingPointOrNull.label());
            renderer.setSeriesLinesVisible(s, false);
            renderer.setSeriesShapesVisible(s, true);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-6, -6, 12, 12));
            renderer.setSeriesPaint(s, classIndex >= 0 ? ClassColors.of(operatingPointOrNull.label(), classIndex)
                    : Color.BLACK);
        }
        plot.setRenderer(renderer);
        ChartStyle.unitSquare(chart, subtitleOrNull);
        return chart;
    }

    /**
     * Writes the chart as a PNG of the default size.
     *
     * @param curves one curve per class
     * @param operatingPointOrNull a point to mark, or null
     * @param subtitleOrNull a line under the title, or null
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(List<RocCurve> curves, ThresholdChoice operatingPointOrNull, String subtitleOrNull,
            Path file) throws IOException {
        write(curves, operatingPointOrNull, subtitleOrNull, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the chart as a PNG.
     *
     * @param curves one curve per class
     * @param operatingPointOrNull a point to mark, or null
     * @param subtitleOrNull a line under the title, or null
     * @param file the PNG to write
     * @param width width in pixels
     * @param height height in pixels
     * @throws IOException if it cannot be written
     */
    public static void write(List<RocCurve> curves, ThresholdChoice operatingPointOrNull, String subtitleOrNull,
            Path file, int width, int height) throws IOException {
        ChartStyle.save(chart(curves, operatingPointOrNull, subtitleOrNull), file, width, height);
    }

    private static String legendLabel(RocCurve curve) {
        if (!curve.isDefined()) {
            return String.format(Locale.ROOT, "%s (no AUC: %d positives, %d negatives)", curve.label(),
                    curve.positives(), curve.negatives());
        }
        return String.format(Locale.ROOT, "%s (AUC %.3f, n+ = %d)", curve.label(), curve.auc(), curve.positives());
    }

    private static String pointLabel(ThresholdChoice op) {
        return String.format(Locale.ROOT, "P(%s) >= %.3f: sensitivity %.3f, specificity %.3f", op.label(),
                op.threshold(), op.sensitivity(), op.specificity());
    }

    private static int indexOf(List<RocCurve> curves, String label) {
        for (int i = 0; i < curves.size(); i++) {
            if (curves.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }
}
