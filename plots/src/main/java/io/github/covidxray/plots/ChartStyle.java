package io.github.covidxray.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** The look shared by all plots, and writing them as PNG. */
final class ChartStyle {

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font AXIS_LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Color GRID = new Color(0xDDDDDD);

    private ChartStyle() {}

    static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f);
    }

    /**
     * Styles a chart whose two axes run over [0, 1] (ROC, reliability): ticks every 0.1, the house style,
     * the legend below, and a subtitle.
     *
     * @param chart a chart with one XY plot
     * @param subtitleOrNull the subtitle, or null
     */
    static void unitSquare(JFreeChart chart, String subtitleOrNull) {
        XYPlot plot = chart.getXYPlot();
        for (org.jfree.chart.axis.NumberAxis axis : java.util.List.of((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis(),
                (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis())) {
            axis.setRange(-0.01, 1.01);
            axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
        }
        apply(plot);
        apply(chart);
        chart.getLegend().setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        if (subtitleOrNull != null) {
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitleOrNull, SUBTITLE_FONT));
        }
    }

    /** White background, light grid and readable fonts on a chart with one XY plot or more. */
    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE_FONT);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LEGEND_FONT);
        }
    }

    static void apply(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);
        if (plot.getDomainAxis() != null) {
            plot.getDomainAxis().setLabelFont(AXIS_LABEL_FONT);
            plot.getDomainAxis().setTickLabelFont(TICK_FONT);
        }
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            plot.getRangeAxis(i).setLabelFont(AXIS_LABEL_FONT);
            plot.getRangeAxis(i).setTickLabelFont(TICK_FONT);
        }
    }

    /**
     * Writes a chart as PNG, creating the parent directory.
     *
     * @throws IOException if the file cannot be written
     */
    static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("plot size: expected at least 100 x 100 pixels, found " + width + " x "
                    + height);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }
}
