package io.github.covidxray.training;

import ai.djl.translate.TranslateException;
import io.github.covidxray.augment.SampleSeeds;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.XrayPreprocessor;
import io.github.covidxray.core.explain.LungFocuser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes, augments and preprocesses batches on background threads while the training thread computes, a
 * few batches ahead. Batches come out in order, and each image's augmentation randomness is derived from
 * (seed, image position), so the data stream is the same whatever the thread timing. An image that cannot
 * be read is logged once and left out of its batch; the run goes on. Thread-safe to close from any thread;
 * iterate from one thread.
 */
final class BatchPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

    /** A labelled image file. */
    record Sample(Path file, int label) {}

    /**
     * Preprocessed images in NCHW order.
     *
     * @param data {@code size * sampleSize} floats
     * @param labels class indices
     * @param size the number of images (may be below the batch size: last batch, unreadable images)
     */
    record Batch(float[] data, int[] labels, int size) {}

    private final XrayPreprocessor preprocessor;
    private final ExecutorService executor;
    private final int prefetch;
    private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();
    private final LungFocuser focuser;
    /**
     * Lung crops by file: the focus does not depend on the epoch, so each file is segmented once. Only the
     * rectangle is kept (16 bytes a file, whatever the image size), not the cropped pixels; a blanking focus keeps
     * nothing and segments again, since its mask is as large as the image.
     */
    private final Map<Path, CropBox> crops = new ConcurrentHashMap<>();

    /** Where a lung crop lies in its image as read. */
    private record CropBox(int x, int y, int width, int height) {}

    /**
     * @param preprocessor the preprocessing
     * @param focuser the spec's lung focus, applied to each image as read, before augmentation
     * @param workers background threads
     */
    BatchPipeline(XrayPreprocessor preprocessor, LungFocuser focuser, int workers) {
        this.preprocessor = preprocessor;
        this.focuser = focuser;
        this.prefetch = workers + 1;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "covid-xray-batches-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param samples the images in the order to serve them
     * @param batchSize images per batch
     * @param augmentation applied to each image, or {@link Augmentation#NONE}
     * @param seed seeds the augmentation (the epoch's key); image {@code i} gets
     *     {@link SampleSeeds#generator(long, long) SampleSeeds.generator(seed, i)}
     * @return the batches, computed ahead in the background
     */
    Iterator<Batch> batches(List<Sample> samples, int batchSize, Augmentation augmentation, long seed) {
        int count = (samples.size() + batchSize - 1) / batchSize;
        return new Iterator<>() {
            private final Deque<Future<Batch>> ahead = new ArrayDeque<>();
            private int submitted;

            private void fill() {
                while (ahead.size() < prefetch && submitted < count) {
                    int from = submitted * batchSize;
                    List<Sample> part = samples.subList(from, Math.min(samples.size(), from + batchSize));
                    ahead.add(executor.submit(() -> build(part, from, augmentation, seed)));
                    submitted++;
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !ahead.isEmpty();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Future<Batch> next = ahead.poll();
                fill();
                try {
                    return next.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while preparing a batch", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
                }
            }
        };
    }

    /** @return the files that could not be read so far */
    Set<Path> unreadable() {
        return Collections.unmodifiableSet(unreadable);
    }

    private Batch build(List<Sample> part, int firstIndex, Augmentation augmentation, long seed) {
        int n = preprocessor.spec().sampleSize();
        float[] data = new float[part.size() * n];
        int[] labels = new int[part.size()];
        int size = 0;
        for (int i = 0; i < part.size(); i++) {
            Sample s = part.get(i);
            XrayImage image;
            try {
                image = XrayImage.read(s.file(), preprocessor.spec().readOptions());
            } catch (IOException | RuntimeException e) {
                if (unreadable.add(s.file())) {
                    LOG.warn("{}: skipped, cannot read image: {}", s.file(), e.getMessage());
                }
                continue;
            }
            if (focuser.active()) {
                try {
                    image = focus(s.file(), image);
                } catch (TranslateException e) {
                    throw new IllegalStateException(s.file() + ": lung segmentation failed: " + e.getMessage(), e);
                }
            }
            if (augmentation != Augmentation.NONE) {
                image = augmentation.apply(image, SampleSeeds.generator(seed, firstIndex + i));
            }
            preprocessor.toChw(image, data, size * n);
            labels[size++] = s.label();
        }
        return new Batch(data, labels, size);
    }

    private XrayImage focus(Path file, XrayImage image) throws TranslateException {
        CropBox box = crops.get(file);
        if (box != null) {
            return box.width() == image.width() && box.height() == image.height() ? image
                    : image.crop(box.x(), box.y(), box.width(), box.height());
        }
        LungFocuser.Focused f = focuser.focus(image);
        if (focuser.spec().lungFocus() == PreprocessingSpec.LungFocus.CROP) {
            crops.put(file, new CropBox(f.x(), f.y(), f.image().width(), f.image().height()));
        }
        return f.image();
    }

    /** @return what the lung focus has cost so far */
    LungFocuser.Stats focusStats() {
        return focuser.stats();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
