package io.github.covidxray.plots;

import io.github.covidxray.core.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a heat map: rows are the true label (first label at the top), columns the
 * predicted label; each cell shows its count and the share of its row, and its colour is that share, so
 * a rare class reads as clearly as a common one. Stateless and thread-safe.
 */
public final class ConfusionMatrixPlot {

    /** Default PNG width in pixels. */
    public static final int DEFAULT_WIDTH = 760;
    /** Default PNG height in pixels. */
    public static final int DEFAULT_HEIGHT = 640;

    private static final Color LOW = Color.WHITE;
    private static final Color HIGH = new Color(0x08306B);
    /** Above this share the cell is dark enough to need white text. */
    private static final double DARK_CELL = 0.5;

    private ConfusionMatrixPlot() {}

    /**
     * Builds the chart.
     *
     * @param matrix the confusion matrix
     * @param subtitleOrNull a line under the title, or null
     * @return the chart
     */
    public static JFreeChart chart(ConfusionMatrix matrix, String subtitleOrNull) {
        int k = matrix.numClasses();
        String[] labels = matrix.labels().toArray(new String[0]);
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] shares = new double[k * k];
        XYPlot plot = new XYPlot();
        for (int t = 0; t < k; t++) {
            int support = matrix.support(t);
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xs[i] = p;
                ys[i] = t;
                shares[i] = support == 0 ? 0 : (double) matrix.count(t, p) / support;
                addCellText(plot, p, t, matrix.count(t, p), support == 0 ? Double.NaN : shares[i]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share of true class", new double[][] {xs, ys, shares});
        plot.setDataset(data);

        XYBlockRenderer renderer = new XYBlockRenderer();
        BlueScale scale = new BlueScale();
        renderer.setPaintScale(scale);
        plot.setRenderer(renderer);

        SymbolAxis predicted = new SymbolAxis("Predicted label", labels);
        SymbolAxis actual = new SymbolAxis("True label", labels);
        actual.setInverted(true);
        for (SymbolAxis axis : new SymbolAxis[] {predicted, actual}) {
            axis.setGridBandsVisible(false);
            axis.setRange(-0.5, k - 0.5);
        }
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(actual);
        ChartStyle.apply(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        predicted.setTickLabelFont(ChartStyle.AXIS_LABEL_FONT);
        actual.setTickLabelFont(ChartStyle.AXIS_LABEL_FONT);

        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Confusion matrix (n = %d)", matrix.total()),
                ChartStyle.TITLE_FONT, plot, false);
        ChartStyle.apply(chart);
        if (subtitleOrNull != null) {
            chart.addSubtitle(new TextTitle(subtitleOrNull, ChartStyle.SUBTITLE_FONT));
        }
        NumberAxis legendAxis = new NumberAxis("Share of the true class (row)");
        legendAxis.setLabelFont(ChartStyle.TICK_FONT);
        legendAxis.setTickLabelFont(ChartStyle.TICK_FONT);
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(18);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * Writes the chart as a PNG of the default size.
     *
     * @param matrix the confusion matrix
     * @param subtitleOrNull a line under the title, or null
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(ConfusionMatrix matrix, String subtitleOrNull, Path file) throws IOException {
        write(matrix, subtitleOrNull, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the chart as a PNG.
     *
     * @param matrix the confusion matrix
     * @param subtitleOrNull a line under the title, or null
     * @param file the PNG to write
     * @param width width in pixels
     * @param height height in pixels
     * @throws IOException if it cannot be written
     */
    public static void write(ConfusionMatrix matrix, String subtitleOrNull, Path file, int width, int height)
            throws IOException {
        ChartStyle.save(chart(matrix, subtitleOrNull), file, width, height);
    }

    private static void addCellText(XYPlot plot, int column, int row, int count, double share) {
        Paint ink = share > DARK_CELL ? Color.WHITE : Color.BLACK;
        XYTextAnnotation countText = new XYTextAnnotation(Integer.toString(count), column, row - 0.08);
        countText.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        countText.setPaint(ink);
        plot.addAnnotation(countText);
        String shareLabel = Double.isNaN(share) ? "(no cases)" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
        XYTextAnnotation shareText = new XYTextAnnotation(shareLabel, column, row + 0.15);
        shareText.setFont(ChartStyle.TICK_FONT);
        shareText.setPaint(ink);
        plot.addAnnotation(shareText);
    }

    /** White to dark blue over [0, 1]. */
    private static final class BlueScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
            return new Color(mix(LOW.getRed(), HIGH.getRed(), v), mix(LOW.getGreen(), HIGH.getGreen(), v),
                    mix(LOW.getBlue(), HIGH.getBlue(), v));
        }

        private static int mix(int from, int to, double v) {
            return (int) Math.round(from + (to - from) * v);
        }
    }
}
