package io.github.covidxray.histogram.dataset;

import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.histogram.HistogramAnalyzer;
import io.github.covidxray.histogram.ImageHistogram;
import io.github.covidxray.histogram.RegionFinder;
import io.github.covidxray.histogram.audit.AuditFeatures;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses the histograms of a whole dataset, class by class: reads and analyses images in parallel,
 * then folds each result, in dataset order, into running per-class sums, so that memory does not grow
 * with the number of images beyond a few numbers per image and the result does not depend on thread
 * timing. Unreadable images are reported to the {@link ProgressListener}, listed in
 * {@link DatasetAnalysis#skipped()} and skipped.
 *
 * <pre>{@code
 * XrayDataset data = DatasetReader.folderPerClass(Path.of("cxr/train"));
 * DatasetAnalysis result = DatasetHistogramAnalyzer.builder().build()
 *         .analyze(data, List.of("covid", "normal"), ProgressListener.NONE);
 * double[] covidMean = result.summary("covid").meanHistogram();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; each {@code analyze} call uses its own worker threads.
 */
public final class DatasetHistogramAnalyzer {

    /** The default number of bins of the class histograms. */
    public static final int DEFAULT_BINS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(DatasetHistogramAnalyzer.class);

    private final HistogramAnalyzer analyzer;
    private final int bins;
    private final int threads;
    private final boolean auditFeatures;
    private final ReadOptions readOptions;
    private final RegionFinder regionFinder;

    private DatasetHistogramAnalyzer(Builder b) {
        this.analyzer = b.analyzer;
        this.bins = b.bins;
        this.threads = b.threads;
        this.auditFeatures = b.auditFeatures;
        this.readOptions = b.readOptions;
        this.regionFinder = b.regionFinder;
    }

    /** @return a builder; every setting is optional */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the per-image analyzer */
    public HistogramAnalyzer analyzer() {
        return analyzer;
    }

    /** @return the number of bins of the class histograms */
    public int bins() {
        return bins;
    }

    /**
     * Analyses the given classes of a dataset.
     *
     * @param dataset the dataset
     * @param classes the labels to analyse, in the order wanted; empty means all of {@code dataset.labels()}
     * @param listener told about each image as it is finished, from the calling thread, in dataset order;
     *     the message is empty, or names a skipped image and why
     * @return the analysis
     * @throws DatasetException if a class is not in the dataset, or a class has no readable image
     * @throws InterruptedException if the calling thread is interrupted while waiting for workers
     */
    public DatasetAnalysis analyze(XrayDataset dataset, List<String> classes, ProgressListener listener)
            throws DatasetException, InterruptedException {
        List<String> labels = classes.isEmpty() ? dataset.labels() : List.copyOf(classes);
        Map<String, ClassAccumulator> accumulators = new LinkedHashMap<>();
        for (String label : labels) {
            if (!dataset.labels().contains(label)) {
                throw new DatasetException(dataset.root() + ": no class '" + label + "'; classes are "
                        + dataset.labels());
            }
            if (accumulators.put(label, new ClassAccumulator(label, bins)) != null) {
                throw new IllegalArgumentException("class '" + label + "' given twice");
            }
        }
        List<XrayRecord> records = dataset.records().stream().filter(r -> accumulators.containsKey(r.label())).toList();
        for (String label : labels) {
            if (records.stream().noneMatch(r -> r.label().equals(label))) {
                throw new DatasetException(dataset.root() + ": class '" + label + "' has no images");
            }
        }
        List<ScanProblem> skipped = new ArrayList<>(dataset.problems());
        List<ImageSummary> images = new ArrayList<>(records.size());
        List<float[]> features = new ArrayList<>();
        List<String> featureLabels = new ArrayList<>();
        List<String> featureGroups = new ArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            // A bounded window of in-flight images, consumed in submission order: parallel reading, ordered
            // (deterministic) folding, and memory bounded by the window, not the dataset.
            ArrayDeque<Future<Outcome>> window = new ArrayDeque<>();
            int next = 0;
            int done = 0;
            int windowSize = threads * 4;
            while (done < records.size()) {
                while (next < records.size() && window.size() < windowSize) {
                    XrayRecord r = records.get(next++);
                    window.add(pool.submit(() -> process(r)));
                }
                Outcome o = await(window.poll());
                done++;
                if (o.problem == null) {
                    accumulators.get(o.record.label()).add(o.histogram);
                    images.add(new ImageSummary(o.record.file(), o.record.label(), o.record.patientId(),
                            o.histogram.width(), o.histogram.height(), o.histogram.bitsStored(), o.histogram.stats()));
                    if (o.features != null) {
                        features.add(o.features);
                        featureLabels.add(o.record.label());
                        featureGroups.add(o.record.patientOrFile());
                    }
                } else {
                    skipped.add(new ScanProblem(o.record.file(), o.problem));
                    LOG.debug("skipped {}: {}", o.record.file(), o.problem);
                }
                listener.progress(done, records.size(), o.problem == null ? ""
                        : "skipped " + o.record.file().getFileName() + ": " + o.problem);
            }
        } finally {
            pool.shutdownNow();
        }
        int unreadable = skipped.size() - dataset.problems().size();
        if (unreadable > 0) {
            LOG.warn("{}: skipped {} image(s) of {} (unreadable, or no usable region); first: {} ({})", dataset.root(), unreadable,
                    records.size(), skipped.get(dataset.problems().size()).file(),
                    skipped.get(dataset.problems().size()).problem());
        }
        Map<String, ClassSummary> summaries = new LinkedHashMap<>();
        for (Map.Entry<String, ClassAccumulator> e : accumulators.entrySet()) {
            if (e.getValue().images() == 0) {
                throw new DatasetException(dataset.root() + ": class '" + e.getKey()
                        + "' has no readable image (all were skipped)");
            }
            summaries.put(e.getKey(), e.getValue().summary());
        }
        FeatureTable table = auditFeatures
                ? new FeatureTable(AuditFeatures.names(regionFinder == null), features.toArray(new float[0][]),
                        featureLabels.toArray(new String[0]), featureGroups.toArray(new String[0]))
                : null;
        return new DatasetAnalysis(labels, summaries, images, skipped, table);
    }

    private Outcome process(XrayRecord record) {
        try {
            XrayImage image = XrayImage.read(record.file(), readOptions);
            ImageHistogram h = regionFinder == null ? analyzer.analyze(image)
                    : analyzer.analyze(image, regionFinder.find(image));
            float[] f = auditFeatures ? AuditFeatures.extract(image, h, regionFinder == null) : null;
            return new Outcome(record, h, f, null);
        } catch (IOException | RuntimeException e) {
            // One bad image must not stop the dataset: report it and go on.
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String prefix = record.file() + ": ";
            // Reading errors name the file; the record already does, so keep only the problem.
            return new Outcome(record, null, null, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    private static Outcome await(Future<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // process() catches everything but Errors; pass those on unchanged.
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("unexpected failure in a histogram worker", cause);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "histogram-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private record Outcome(XrayRecord record, ImageHistogram histogram, float[] features, String problem) {}

    /** Builds a {@link DatasetHistogramAnalyzer}. Not thread-safe. */
    public static final class Builder {
        private HistogramAnalyzer analyzer = HistogramAnalyzer.defaults();
        private int bins = DEFAULT_BINS;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean auditFeatures = true;
        private ReadOptions readOptions = ReadOptions.defaults();
        private RegionFinder regionFinder;

        private Builder() {}

        /**
         * @param analyzer the per-image analyzer (bins, region); {@link HistogramAnalyzer#defaults()} by default
         * @return this builder
         */
        public Builder optAnalyzer(HistogramAnalyzer analyzer) {
            this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
            return this;
        }

        /**
         * Sets the number of bins of the class histograms, over the unit intensity range. Image histograms
         * are merged into these bins, so it should not exceed the bins of any image (256 for 8-bit).
         *
         * @param bins 2 to 65536; {@value #DEFAULT_BINS} by default
         * @return this builder
         */
        public Builder optBins(int bins) {
            if (bins < 2 || bins > 65536) {
                throw new IllegalArgumentException("bins must be 2..65536, got " + bins);
            }
            this.bins = bins;
            return this;
        }

        /**
         * @param threads worker threads reading and analysing images; all available processors by default
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param extract whether to extract {@link AuditFeatures} for the shortcut audit (about 1 KB per
         *     image); on by default
         * @return this builder
         */
        public Builder optAuditFeatures(boolean extract) {
            this.auditFeatures = extract;
            return this;
        }

        /**
         * @param options how images are read (size limits); {@link ReadOptions#defaults()} by default
         * @return this builder
         */
        public Builder optReadOptions(ReadOptions options) {
            this.readOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Counts a region found in each image (its lungs, with {@link RegionFinder#lungs}) instead of the
         * analyzer's fixed region. Images where the finder fails are skipped with its reason, and the audit
         * features leave out the whole-image thumbnail.
         *
         * @param finder the per-image region, or {@code null} for the analyzer's region (default)
         * @return this builder
         */
        public Builder optRegionFinder(RegionFinder finder) {
            this.regionFinder = finder;
            return this;
        }

        /** @return the analyzer */
        public DatasetHistogramAnalyzer build() {
            return new DatasetHistogramAnalyzer(this);
        }
    }
}
