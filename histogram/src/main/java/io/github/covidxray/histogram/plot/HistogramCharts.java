package io.github.covidxray.histogram.plot;

import io.github.covidxray.plots.ClassColors;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.dataset.ClassSummary;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The module's figures, drawn with JFreeChart and written as PNG:
 *
 * <ul>
 *   <li>{@link #meanHistograms}: each class's mean histogram with a band of one standard deviation across
 *       images, overlaid;</li>
 *   <li>{@link #sampleGrid}: a few images per class, each beside its own histogram (and its class mean);</li>
 *   <li>{@link #boxPlots}: the distribution of per-image statistics per class.</li>
 * </ul>
 *
 * Intensities are on the unit scale (fraction of each image's full range). Stateless and thread-safe
 * (each call builds its own charts); works headless.
 */
public final class HistogramCharts {

    /** The statistics shown by {@link #boxPlots(DatasetAnalysis)}. */
    public static final List<Statistic> DEFAULT_BOX_STATISTICS = List.of(Statistic.MEAN, Statistic.STD,
            Statistic.SKEWNESS, Statistic.KURTOSIS, Statistic.ENTROPY, Statistic.P5, Statistic.P50, Statistic.P95,
            Statistic.SATURATED_LOW, Statistic.SATURATED_HIGH);

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font SMALL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    /** Bins at each end of the range that may be clipped off the mean-histogram chart's y range. */
    private static final int EDGE_BINS = 2;
    private static final String INTENSITY_AXIS = "Intensity (fraction of full scale)";

    private HistogramCharts() {}

    /**
     * One image in the {@link #sampleGrid}.
     *
     * @param label its class
     * @param image the image
     * @param histogram its histogram
     */
    public record Sample(String label, XrayImage image, ImageHistogram histogram) {}

    /**
     * The overlaid mean histograms of all classes, each with a translucent band of plus/minus one standard
     * deviation across the class's images.
     *
     * @param analysis the dataset analysis
     * @return the chart
     */
    public static JFreeChart meanHistograms(DatasetAnalysis analysis) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        int i = 0;
        double interiorTop = 0;
        double peak = 0;
        for (ClassSummary c : analysis.classes().values()) {
            YIntervalSeries s = new YIntervalSeries(c.label() + " (n=" + c.imageCount() + ")");
            double[] mean = c.meanHistogram();
            double[] sd = c.sdHistogram();
            for (int b = 0; b < mean.length; b++) {
                double x = (b + 0.5) / mean.length;
                s.add(x, mean[b], Math.max(0, mean[b] - sd[b]), mean[b] + sd[b]);
                peak = Math.max(peak, mean[b]);
                if (b >= EDGE_BINS && b < mean.length - EDGE_BINS) {
                    interiorTop = Math.max(interiorTop, mean[b] + sd[b]);
                }
            }
            data.addSeries(s);
            Color color = ClassColors.of(c.label(), i);
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2.2f));
            i++;
        }
        renderer.setAlpha(0.18f);
        NumberAxis x = new NumberAxis(INTENSITY_AXIS);
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("Fraction of pixels per bin (1/" + analysis.bins() + " of the range)");
        y.setAutoRangeIncludesZero(true);
        // Spikes of pure black or white at the ends of the range would flatten everything else: clip them.
        boolean clipped = peak > interiorTop * 1.05 && interiorTop > 0;
        if (clipped) {
            y.setRange(0, interiorTop * 1.05);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        style(plot);
        JFreeChart chart = new JFreeChart("Mean intensity histogram per class", TITLE, plot, true);
        chart.addSubtitle(new TextTitle("Line: class mean of the per-image normalised histograms; band: \u00b11 SD "
                + "across images" + (clipped ? "; peaks at 0 and full scale cut off (see the saturation box plots)"
                : ""), SUBTITLE));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes {@link #meanHistograms} as a PNG.
     *
     * @param analysis the dataset analysis
     * @param png the file to write
     * @throws IOException if the file cannot be written
     */
    public static void writeMeanHistograms(DatasetAnalysis analysis, Path png) throws IOException {
        writePng(render(meanHistograms(analysis), 1200, 700), png);
    }

    /**
     * A small chart of one image's histogram, filled, optionally with its class's mean histogram as a line.
     *
     * @param histogram the image's histogram
     * @param classMean the class mean histogram over unit-scale bins, or {@code null}
     * @param color the class colour
     * @param title the chart title
     * @return the chart
     */
    public static JFreeChart imageHistogram(ImageHistogram histogram, double[] classMean, Color color, String title) {
        XYSeries own = new XYSeries("this image");
        double[] p = histogram.normalized();
        double maxY = 0;
        for (int b = 0; b < p.length; b++) {
            own.add((b + 0.5) / p.length, p[b]);
            maxY = Math.max(maxY, p[b]);
        }
        XYAreaRenderer area = new XYAreaRenderer(XYAreaRenderer.AREA);
        area.setSeriesPaint(0, ClassColors.translucent(color, 150));
        NumberAxis x = new NumberAxis("Intensity");
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("Fraction");
        XYPlot plot = new XYPlot(new XYSeriesCollection(own), x, y, area);
        if (classMean != null) {
            XYSeries mean = new XYSeries("class mean");
            // Rescale the class mean to this image's bin width, so both curves are per-bin fractions alike.
            double scale = (double) classMean.length / p.length;
            for (int b = 0; b < classMean.length; b++) {
                mean.add((b + 0.5) / classMean.length, classMean[b] / scale);
            }
            XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
            line.setSeriesPaint(0, Color.BLACK);
            line.setSeriesStroke(0, new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {4f, 3f}, 0f));
            plot.setDataset(1, new XYSeriesCollection(mean));
            plot.setRenderer(1, line);
        }
        style(plot);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        JFreeChart chart = new JFreeChart(title, SMALL_TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * A grid with one row per class: each sample image beside its histogram, its class's mean histogram
     * dashed for reference.
     *
     * @param analysis the analysis the samples belong to (for the class means and colours)
     * @param samples the images, grouped by class in the order to show
     * @return the figure
     * @throws IllegalArgumentException if there is no sample
     */
    public static BufferedImage sampleGrid(DatasetAnalysis analysis, List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no sample images to draw");
        }
        List<String> labels = samples.stream().map(Sample::label).distinct().toList();
        int columns = labels.stream().mapToInt(l -> (int) samples.stream().filter(s -> s.label().equals(l)).count())
                .max().orElse(1);
        int cell = 220;
        int chartW = 300;
        int pad = 14;
        int rowLabel = 130;
        int header = 80;
        int width = rowLabel + columns * (cell + chartW + 2 * pad);
        int height = header + labels.size() * (cell + 2 * pad);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.setFont(TITLE);
        g.drawString("Sample images and their intensity histograms", pad, 30);
        g.setFont(SUBTITLE);
        g.drawString("Filled: the image's normalised histogram; dashed: its class's mean histogram. "
                + "x: intensity as a fraction of full scale.", pad, 54);
        List<String> classOrder = analysis.labels();
        for (int r = 0; r < labels.size(); r++) {
            String label = labels.get(r);
            int top = header + r * (cell + 2 * pad) + pad;
            Color color = ClassColors.of(label, Math.max(0, classOrder.indexOf(label)));
            g.setColor(color);
            g.setFont(SMALL_TITLE.deriveFont(15f));
            g.drawString(shorten(label, 13), pad, top + cell / 2);
            List<Sample> row = samples.stream().filter(s -> s.label().equals(label)).toList();
            double[] classMean = analysis.classes().containsKey(label)
                    ? analysis.summary(label).meanHistogram() : null;
            for (int c = 0; c < row.size(); c++) {
                Sample s = row.get(c);
                int left = rowLabel + c * (cell + chartW + 2 * pad);
                drawFitted(g, XrayImages.toBufferedImage(s.image()), left, top, cell);
                String name = Path.of(s.image().source()).getFileName().toString();
                JFreeChart chart = imageHistogram(s.histogram(), classMean, color, shorten(name, 34));
                chart.draw(g, new Rectangle2D.Double(left + cell + pad / 2.0, top, chartW, cell));
            }
        }
        g.dispose();
        return out;
    }

    /**
     * Writes {@link #sampleGrid} as a PNG.
     *
     * @param analysis the analysis the samples belong to
     * @param samples the images
     * @param png the file to write
     * @throws IOException if the file cannot be written
     */
    public static void writeSampleGrid(DatasetAnalysis analysis, List<Sample> samples, Path png) throws IOException {
        writePng(sampleGrid(analysis, samples), png);
    }

    /**
     * Box plots of {@link #DEFAULT_BOX_STATISTICS}, one panel per statistic, one box per class.
     *
     * @param analysis the dataset analysis
     * @return the figure
     */
    public static BufferedImage boxPlots(DatasetAnalysis analysis) {
        return boxPlots(analysis, DEFAULT_BOX_STATISTICS);
    }

    /**
     * Box plots of the given statistics, one panel per statistic, one box per class (whiskers at the furthest
     * values within 1.5 IQR of the box, outliers as dots). Intensity-valued statistics are on the unit scale.
     *
     * @param analysis the dataset analysis
     * @param statistics the statistics to show, at least one
     * @return the figure
     */
    public static BufferedImage boxPlots(DatasetAnalysis analysis, List<Statistic> statistics) {
        if (statistics.isEmpty()) {
            throw new IllegalArgumentException("no statistics to plot");
        }
        int columns = Math.min(5, statistics.size());
        int rows = (statistics.size() + columns - 1) / columns;
        int panelW = 300;
        int panelH = 300;
        int header = 96;
        BufferedImage out = new BufferedImage(columns * panelW, header + rows * panelH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.setFont(TITLE);
        g.drawString("Per-image intensity statistics by class", 14, 30);
        g.setFont(SUBTITLE);
        g.drawString("Box: quartiles and median; whiskers: furthest values within 1.5 IQR; dots: outliers. "
                + "Intensities as a fraction of full scale.", 14, 52);
        drawLegend(g, analysis, 14, 78);
        for (int k = 0; k < statistics.size(); k++) {
            JFreeChart chart = boxPlot(analysis, statistics.get(k));
            int left = (k % columns) * panelW;
            int top = header + (k / columns) * panelH;
            chart.draw(g, new Rectangle2D.Double(left, top, panelW, panelH));
        }
        g.dispose();
        return out;
    }

    /**
     * Writes {@link #boxPlots(DatasetAnalysis)} as a PNG.
     *
     * @param analysis the dataset analysis
     * @param png the file to write
     * @throws IOException if the file cannot be written
     */
    public static void writeBoxPlots(DatasetAnalysis analysis, Path png) throws IOException {
        writePng(boxPlots(analysis), png);
    }

    /**
     * One statistic's box plot, one box per class.
     *
     * @param analysis the dataset analysis
     * @param statistic the statistic
     * @return the chart
     */
    public static JFreeChart boxPlot(DatasetAnalysis analysis, Statistic statistic) {
        DefaultBoxAndWhiskerCategoryDataset boxes = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultMultiValueCategoryDataset outliers = new DefaultMultiValueCategoryDataset();
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        ScatterRenderer dots = new ScatterRenderer();
        int i = 0;
        for (Map.Entry<String, ClassSummary> e : analysis.classes().entrySet()) {
            List<Double> values = new ArrayList<>();
            Arrays.stream(e.getValue().values(statistic)).forEach(values::add);
            BoxAndWhiskerItem full = BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(values);
            // The renderer's own outlier circles grow with the box width; draw outliers as small dots instead.
            boxes.add(new BoxAndWhiskerItem(full.getMean(), full.getMedian(), full.getQ1(), full.getQ3(),
                    full.getMinRegularValue(), full.getMaxRegularValue(), full.getMinRegularValue(),
                    full.getMaxRegularValue(), List.of()), e.getKey(), statistic.key());
            List<Number> out = new ArrayList<>();
            for (double v : values) {
                if (v < full.getMinRegularValue().doubleValue() || v > full.getMaxRegularValue().doubleValue()) {
                    out.add(v);
                }
            }
            outliers.add(out, e.getKey(), statistic.key());
            Color color = ClassColors.of(e.getKey(), i);
            renderer.setSeriesPaint(i, ClassColors.translucent(color, 170));
            renderer.setSeriesOutlinePaint(i, color.darker());
            dots.setSeriesPaint(i, ClassColors.translucent(color.darker(), 110));
            dots.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
            i++;
        }
        renderer.setMeanVisible(false);
        renderer.setMedianVisible(true);
        renderer.setMinOutlierVisible(false);
        renderer.setMaxOutlierVisible(false);
        renderer.setUseOutlinePaintForWhiskers(true);
        renderer.setMaximumBarWidth(0.22);
        renderer.setItemMargin(0.15);
        renderer.setDefaultOutlineStroke(new BasicStroke(1.2f));
        dots.setUseSeriesOffset(true);
        dots.setItemMargin(0.15);
        org.jfree.chart.axis.CategoryAxis x = new org.jfree.chart.axis.CategoryAxis(null);
        x.setTickLabelsVisible(false);
        x.setTickMarksVisible(false);
        NumberAxis y = new NumberAxis(statistic.intensityValued() ? "fraction of full scale" : null);
        y.setAutoRangeIncludesZero(false);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        CategoryPlot plot = new CategoryPlot(boxes, x, y, renderer);
        plot.setDataset(1, outliers);
        plot.setRenderer(1, dots);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 8, 10));
        JFreeChart chart = new JFreeChart(statistic.label(), SMALL_TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Draws a chart into a new image.
     *
     * @param chart the chart
     * @param width width in pixels
     * @param height height in pixels
     * @return the image
     */
    public static BufferedImage render(JFreeChart chart, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        g.dispose();
        return out;
    }

    /**
     * Writes an image as PNG.
     *
     * @param image the image
     * @param png the file
     * @throws IOException if it cannot be written; the message names the file
     */
    public static void writePng(BufferedImage image, Path png) throws IOException {
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException(png + ": no PNG writer available");
            }
        } catch (IOException e) {
            throw new IOException(png + ": cannot write PNG: " + e.getMessage(), e);
        }
    }

    private static void drawLegend(Graphics2D g, DatasetAnalysis analysis, int x, int y) {
        g.setFont(SUBTITLE);
        int i = 0;
        for (ClassSummary c : analysis.classes().values()) {
            Color color = ClassColors.of(c.label(), i++);
            g.setColor(ClassColors.translucent(color, 170));
            g.fillRect(x, y - 11, 14, 14);
            g.setColor(color.darker());
            g.drawRect(x, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            String text = c.label() + " (n=" + c.imageCount() + ")";
            g.drawString(text, x + 20, y + 1);
            x += 34 + g.getFontMetrics().stringWidth(text);
        }
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    /** Draws an image scaled to fit a square, centred, keeping its aspect ratio. */
    private static void drawFitted(Graphics2D g, BufferedImage img, int left, int top, int size) {
        double scale = Math.min((double) size / img.getWidth(), (double) size / img.getHeight());
        int w = (int) Math.round(img.getWidth() * scale);
        int h = (int) Math.round(img.getHeight() * scale);
        g.drawImage(img, left + (size - w) / 2, top + (size - h) / 2, w, h, null);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(left + (size - w) / 2, top + (size - h) / 2, w - 1, h - 1);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
