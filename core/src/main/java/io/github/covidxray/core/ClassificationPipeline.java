package io.github.covidxray.core;

import ai.djl.translate.TranslateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch path behind {@link CovidClassifier#classifyAll} and {@link CovidClassifier#classifyEach}: inputs
 * are read and decoded on a small pool of threads while the calling thread runs earlier batches on the engine,
 * so the engine does not wait for files and the readers do not wait for the engine.
 *
 * <p>Memory is bounded by a budget in decoded pixels, not a count of images: each input's size is read from
 * its header ({@link ImageSource#probe()}) on the calling thread, in input order, and the input is handed to a
 * decoder only when its pixels fit in what the images decoding, waiting and on the engine leave of the budget.
 * An input larger than the whole budget (or of unknown size) waits until nothing else is held and is decoded
 * alone. Reservations are taken in input order and released after the input's outcome is delivered, so the
 * calling thread, which is the only one that waits for budget, can always make progress.
 *
 * <p>A classifier that implements {@link Stages} has the input-side work (lung focus, resizing and
 * normalising, the out-of-distribution input checks) done on the decoder threads too, so the calling thread
 * only assembles batches and runs the engine; any other classifier gets decoded images.
 *
 * <p>Outcomes are delivered in input order, on the calling thread. A bad input costs only itself: one that
 * cannot be probed, decoded or prepared gets a failed outcome naming it; when the engine fails on a batch each
 * of its images is retried alone.
 *
 * <p>Not API. One instance per classifier; {@link #run} may be called by several threads at once (each call
 * makes its own decoder threads, ended when it returns).
 */
public final class ClassificationPipeline {

    /**
     * How a classifier splits one classification so that the pipeline can run the input-side part on its
     * decoder threads. Not API.
     *
     * @param <P> a prepared input: what the engine side needs of one image, and its name
     */
    public interface Stages<P> {
        /**
         * Runs on a decoder thread.
         *
         * @param image a decoded image
         * @return it, ready for a batch
         * @throws TranslateException if it cannot be prepared (for example, its lung focus fails)
         */
        P prepare(XrayImage image) throws TranslateException;

        /**
         * Runs on the calling thread.
         *
         * @param prepared inputs from {@link #prepare}, at most the pipeline's batch size
         * @return one prediction per input, in order
         * @throws TranslateException if the engine fails on the batch
         */
        List<Prediction> classifyPrepared(List<P> prepared) throws TranslateException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClassificationPipeline.class);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final int DEFAULT_BATCH = 8;

    private final CovidClassifier classifier;
    private final Stages<Object> stages;
    private final int batchSize;
    private final int decodeThreads;
    private final long pixelBudget;

    /**
     * @param classifier the classifier that runs the batches on decoded images
     * @param batchSize images per forward pass
     * @param decodeThreads threads reading and decoding inputs
     * @param pixelBudget the most decoded pixels held at once
     */
    public ClassificationPipeline(CovidClassifier classifier, int batchSize, int decodeThreads, long pixelBudget) {
        this(classifier, new Stages<XrayImage>() {
            @Override
            public XrayImage prepare(XrayImage image) {
                return image;
            }

            @Override
            public List<Prediction> classifyPrepared(List<XrayImage> images) throws TranslateException {
                return classifier.classify(images);
            }
        }, batchSize, decodeThreads, pixelBudget);
    }

    /**
     * @param classifier the classifier (its read options are used)
     * @param stages how it prepares inputs on the decoder threads and classifies them
     * @param batchSize images per forward pass
     * @param decodeThreads threads reading, decoding and preparing inputs
     * @param pixelBudget the most decoded pixels held at once
     */
    @SuppressWarnings("unchecked")
    public ClassificationPipeline(CovidClassifier classifier, Stages<?> stages, int batchSize, int decodeThreads,
            long pixelBudget) {
        if (batchSize < 1 || decodeThreads < 1 || pixelBudget < 1) {
            throw new IllegalArgumentException("batch size, decode threads and pixel budget must be >= 1, got "
                    + batchSize + ", " + decodeThreads + ", " + pixelBudget);
        }
        this.classifier = classifier;
        this.stages = (Stages<Object>) stages;
        this.batchSize = batchSize;
        this.decodeThreads = decodeThreads;
        this.pixelBudget = pixelBudget;
    }

    /**
     * @param classifier a classifier whose options are unknown
     * @return a pipeline with the default batch size and pixel budget, decoding on the processors one
     *     single-threaded forward pass leaves
     */
    public static ClassificationPipeline withDefaults(CovidClassifier classifier) {
        return new ClassificationPipeline(classifier, DEFAULT_BATCH,
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), ClassifierOptions.DEFAULT_PIXEL_BUDGET);
    }

    /**
     * @param classifier the classifier
     * @param stages how it prepares inputs on the decoder threads and classifies them
     * @param options its options: batch size, pixel budget and decoder threads come from them
     * @return the pipeline
     */
    public static ClassificationPipeline of(CovidClassifier classifier, Stages<?> stages, ClassifierOptions options) {
        return new ClassificationPipeline(classifier, stages, options.maxBatchSize(), options.effectiveDecodeThreads(),
                options.pixelBudget());
    }

    /**
     * Classifies a list; see {@link CovidClassifier#classifyAll}.
     *
     * @param sources the inputs
     * @return one outcome per input, in input order
     */
    public List<ClassificationOutcome> classifyAll(List<? extends ImageSource> sources) {
        List<ClassificationOutcome> outcomes = new ArrayList<>(sources.size());
        run(sources.iterator(), outcomes::add);
        // Only an interrupt stops a run early: the inputs not reached get a failure, so the list stays aligned.
        for (int i = outcomes.size(); i < sources.size(); i++) {
            String name = sources.get(i).name();
            outcomes.add(ClassificationOutcome.failure(name, interrupted(name)));
        }
        return outcomes;
    }

    /**
     * Reads and classifies inputs as the iterator yields them, delivering each outcome to {@code sink} in input
     * order on the calling thread. If the calling thread is interrupted, inputs already taken from the iterator
     * get a failed outcome and the run returns with the interrupt flag set, leaving the rest of the iterator.
     *
     * @param sources the inputs; {@code next()} is called on the calling thread
     * @param sink receives one outcome per input taken, in input order
     * @throws IllegalStateException if the classifier is closed
     */
    public void run(Iterator<? extends ImageSource> sources, Consumer<? super ClassificationOutcome> sink) {
        new Run(sources, sink).execute();
    }

    /** One input between the iterator and the sink. */
    private static final class Pending {
        final String name;
        final long reserved;
        final CompletableFuture<Object> image;

        Pending(String name, long reserved, CompletableFuture<Object> image) {
            this.name = name;
            this.reserved = reserved;
            this.image = image;
        }
    }

    /** The state of one call; used by the calling thread only (decoders touch only their futures). */
    private final class Run {
        private final Iterator<? extends ImageSource> sources;
        private final Consumer<? super ClassificationOutcome> sink;
        private final ReadOptions readOptions = classifier.readOptions();
        private final Deque<Pending> inFlight = new ArrayDeque<>();
        /** At most this many inputs between the iterator and the sink, whatever their size. */
        private final int maxInFlight = 2 * batchSize + 2 * decodeThreads;
        private ExecutorService decoders;
        private ImageSource next;
        private long nextPixels;
        private long reserved;

        Run(Iterator<? extends ImageSource> sources, Consumer<? super ClassificationOutcome> sink) {
            this.sources = sources;
            this.sink = sink;
        }

        void execute() {
            List<Pending> batch = new ArrayList<>(batchSize);
            try {
                while (true) {
                    admit();
                    if (inFlight.isEmpty()) {
                        return;
                    }
                    List<Object> results = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && !inFlight.isEmpty()) {
                        Pending head = inFlight.peek();
                        results.add(await(head));
                        batch.add(inFlight.poll());
                        admit(); // keep the decoders busy while this batch forms and runs
                    }
                    deliver(batch, results);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                List<String> unfinished = new ArrayList<>();
                batch.forEach(p -> unfinished.add(p.name));
                inFlight.forEach(p -> unfinished.add(p.name));
                if (next != null) {
                    unfinished.add(next.name());
                }
                inFlight.forEach(p -> p.image.cancel(true));
                inFlight.clear();
                unfinished.forEach(name -> sink.accept(ClassificationOutcome.failure(name, interrupted(name))));
            } finally {
                inFlight.forEach(p -> p.image.cancel(true));
                if (decoders != null) {
                    decoders.shutdownNow();
                }
            }
        }

        /** Hands inputs to the decoders, in order, while the budget and the in-flight cap allow. */
        private void admit() {
            while (inFlight.size() < maxInFlight && (next != null || sources.hasNext())) {
                if (next == null) {
                    ImageSource source = sources.next();
                    Optional<ImageHeader> header;
                    try {
                        header = source.probe();
                        String problem = header.isEmpty() ? null
                                : readOptions.sizeProblem(header.get().format(), header.get().width(),
                                        header.get().height());
                        if (problem != null) {
                            throw new InvalidImageException(source.name(), problem);
                        }
                    } catch (InvalidImageException | RuntimeException e) {
                        inFlight.add(new Pending(source.name(), 0,
                                CompletableFuture.completedFuture(new Failed(asInvalid(source.name(), e)))));
                        continue;
                    }
                    next = source;
                    nextPixels = Math.min(pixelBudget, header.map(ImageHeader::pixels).orElse(pixelBudget));
                }
                if (reserved + nextPixels > pixelBudget && reserved > 0) {
                    return;
                }
                ImageSource source = next;
                next = null;
                reserved += nextPixels;
                inFlight.add(new Pending(source.name(), nextPixels, decode(source)));
            }
        }

        /** @return a future of the prepared input or the {@link Failed} saying why there is none */
        private CompletableFuture<Object> decode(ImageSource source) {
            if (decoders == null && !sources.hasNext() && inFlight.isEmpty()) {
                // A single input: no thread to start.
                return CompletableFuture.completedFuture(read(source));
            }
            if (decoders == null) {
                int run = RUNS.incrementAndGet();
                AtomicInteger count = new AtomicInteger();
                decoders = Executors.newFixedThreadPool(decodeThreads, r -> {
                    Thread t = new Thread(r, "covid-xray-decode-" + run + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return CompletableFuture.supplyAsync(() -> read(source), decoders);
        }

        /** @return the prepared input, or a {@link Failed} saying why there is none */
        private Object read(ImageSource source) {
            XrayImage image;
            try {
                image = source.read(readOptions).withSource(source.name());
            } catch (InvalidImageException | RuntimeException e) {
                return new Failed(asInvalid(source.name(), e));
            } catch (OutOfMemoryError e) {
                return new Failed(new InvalidImageException(source.name(),
                        "image too large to decode in available memory", e));
            }
            try {
                return stages.prepare(image);
            } catch (TranslateException | RuntimeException e) {
                rethrowIfClosed(e);
                LOG.warn("{}: cannot prepare this image for the model: {}", source.name(), e.getMessage());
                return new Failed(new ClassificationException(source.name()
                        + ": cannot prepare this image for the model: " + e.getMessage(), e));
            }
        }

        private Object await(Pending p) throws InterruptedException {
            try {
                return p.image.get();
            } catch (ExecutionException e) {
                rethrowIfClosed(e.getCause());
                return new Failed(asInvalid(p.name, e.getCause()));
            }
        }

        private void deliver(List<Pending> batch, List<Object> results) {
            List<Object> prepared = new ArrayList<>(batch.size());
            List<String> names = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (!(results.get(i) instanceof Failed)) {
                    prepared.add(results.get(i));
                    names.add(batch.get(i).name);
                }
            }
            List<ClassificationOutcome> classified = classifyBatch(prepared, names);
            int k = 0;
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                reserved -= p.reserved;
                sink.accept(results.get(i) instanceof Failed failed ? ClassificationOutcome.failure(p.name, failed.why)
                        : classified.get(k++));
            }
        }
    }

    /** Why an input has no prediction: an {@link InvalidImageException} or a {@link ClassificationException}. */
    private record Failed(Exception why) {}

    /** Classifies prepared inputs in one call, retrying each alone if the engine fails on the batch. */
    private List<ClassificationOutcome> classifyBatch(List<Object> prepared, List<String> names) {
        List<ClassificationOutcome> outcomes = new ArrayList<>(prepared.size());
        if (prepared.isEmpty()) {
            return outcomes;
        }
        try {
            List<Prediction> predictions = stages.classifyPrepared(prepared);
            for (int i = 0; i < prepared.size(); i++) {
                outcomes.add(ClassificationOutcome.success(names.get(i), predictions.get(i)));
            }
            return outcomes;
        } catch (TranslateException | RuntimeException batchFailure) {
            rethrowIfClosed(batchFailure);
            for (int i = 0; i < prepared.size(); i++) {
                outcomes.add(classifyAlone(prepared.get(i), names.get(i)));
            }
            return outcomes;
        }
    }

    private ClassificationOutcome classifyAlone(Object prepared, String name) {
        try {
            return ClassificationOutcome.success(name, stages.classifyPrepared(List.of(prepared)).get(0));
        } catch (TranslateException | RuntimeException e) {
            rethrowIfClosed(e);
            LOG.warn("{}: the model failed on this image: {}", name, e.getMessage());
            return ClassificationOutcome.failure(name, new ClassificationException(
                    name + ": the model failed on this image: " + e.getMessage(), e));
        }
    }

    /** A closed classifier ends the whole run, not one input. */
    private static void rethrowIfClosed(Throwable e) {
        if (e instanceof IllegalStateException closed) {
            throw closed;
        }
    }

    private static InvalidImageException asInvalid(String name, Throwable e) {
        if (e instanceof InvalidImageException invalid) {
            return invalid;
        }
        return new InvalidImageException(name, "cannot read: " + e, e);
    }

    private static ClassificationException interrupted(String name) {
        return new ClassificationException(name + ": not classified, the run was interrupted", null);
    }
}
