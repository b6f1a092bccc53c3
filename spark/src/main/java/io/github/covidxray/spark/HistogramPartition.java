package io.github.covidxray.spark;

import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.dataset.ClassAccumulator;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The histogram work of one partition: each image read and analysed exactly as {@code covid-xray analyze}
 * does, its class histogram folded into the partition's per-class {@link ClassAccumulator} (exact sums, so
 * the order of partitions does not matter) and its per-image statistics kept with its path, so the driver can
 * put them in the CLI's dataset order. Rows are {@code (path, label, content)}.
 */
final class HistogramPartition implements FlatMapFunction<Iterator<Row>, HistogramPartition.Result> {

    private static final long serialVersionUID = 1L;

    private final HistogramSettings settings;

    HistogramPartition(HistogramSettings settings) {
        this.settings = settings;
    }

    /** One image's statistics on the unit scale, in {@link Statistic} order. */
    record ImageStats(String label, String path, double[] values) implements Serializable {}

    /** What one partition found. */
    record Result(Map<String, ClassAccumulator> classes, List<ImageStats> images, List<String[]> skipped)
            implements Serializable {}

    @Override
    public Iterator<Result> call(Iterator<Row> rows) {
        HistogramAnalyzer analyzer = settings.analyzer();
        Map<String, ClassAccumulator> classes = new LinkedHashMap<>();
        List<ImageStats> images = new ArrayList<>();
        List<String[]> skipped = new ArrayList<>();
        Statistic[] statistics = Statistic.values();
        while (rows.hasNext()) {
            Row row = rows.next();
            String path = row.getString(0);
            String label = row.getString(1);
            try {
                byte[] content = row.isNullAt(2) ? new byte[0] : (byte[]) row.get(2);
                // The CLI reads with the default read options; so does this.
                ImageHistogram h = analyzer.analyze(XrayImage.read(content, path, ReadOptions.defaults()));
                classes.computeIfAbsent(label, l -> new ClassAccumulator(l, settings.bins())).add(h);
                double[] values = new double[statistics.length];
                for (int i = 0; i < statistics.length; i++) {
                    values[i] = statistics[i].ofUnitScale(h.stats(), h.maxValue());
                }
                images.add(new ImageStats(label, path, values));
            } catch (IOException | RuntimeException e) {
                // One bad image must not fail the job: it is listed as skipped, as analyze does.
                skipped.add(new String[] {path, e.getMessage() == null ? e.toString() : e.getMessage()});
            }
        }
        return List.of(new Result(classes, images, skipped)).iterator();
    }
}
