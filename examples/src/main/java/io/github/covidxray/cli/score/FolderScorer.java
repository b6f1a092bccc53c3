package io.github.covidxray.cli.score;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every image under a folder (recursively, in sorted order) into a CSV, one row per image, with a
 * progress bar. Rows are appended as each batch finishes and reach the disk soon after (see
 * {@link CsvAppender}), so an interrupted run keeps everything it wrote; a run with {@code resume} skips
 * the files the CSV already has, so interrupting and resuming gives the same CSV as one run.
 *
 * <p>Stopping: {@link #cancel()} (from a shutdown hook, say) or interrupting the scoring thread ends the
 * run after the batch in progress. A batch during which the thread was interrupted is not written, since
 * an interrupt can make file reads fail; a resumed run scores it.
 *
 * <p><b>Thread safety:</b> one run at a time; {@link #cancel()} may be called from any thread.
 */
public final class FolderScorer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderScorer.class);
    private static final int SYNC_EVERY_ROWS = 64;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final CovidClassifier classifier;
    private final int batchSize;
    private final PrintWriter progress;
    private final boolean interactive;
    private volatile boolean cancelled;

    /**
     * @param classifier the classifier
     * @param batchSize images per classification call
     * @param progress where the progress bar goes (stderr)
     * @param interactive whether {@code progress} is a terminal, redrawn in place
     */
    public FolderScorer(CovidClassifier classifier, int batchSize, PrintWriter progress, boolean interactive) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.progress = progress;
        this.interactive = interactive;
    }

    /** Asks the run in progress to stop after its current batch. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Scores a folder.
     *
     * @param dir the folder
     * @param csv the CSV to write; must not exist unless {@code resume}
     * @param resume continue the CSV of an earlier run, skipping the files it has
     * @return what was done
     * @throws IOException if the folder or CSV cannot be read or written, or the CSV cannot be resumed
     */
    public ScoreSummary score(Path dir, Path csv, boolean resume) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        List<String> header = ScoreCsv.header(classifier.card().labels());
        if (!resume && Files.exists(csv)) {
            throw new IOException(csv + " exists: pass --resume to continue it, or remove it");
        }
        ResumePoint start = resume ? ResumePoint.read(csv, header) : ResumePoint.fresh();
        Predicate<Path> todo = file -> !start.done().contains(relative(dir, file));
        long total = 0;
        long skipped = 0;
        for (Iterator<Path> files = walk(dir); files.hasNext(); ) {
            if (todo.test(files.next())) {
                total++;
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            progress.println("resuming: " + skipped + " images already in " + csv + ", " + total + " to go");
        }
        ProgressBar bar = new ProgressBar(progress, total, interactive, LOG_EVERY_NANOS, System::nanoTime);
        long scored = 0;
        long failed = 0;
        boolean stopped = false;
        try (CsvAppender out = new CsvAppender(csv, SYNC_EVERY_ROWS)) {
            if (!start.hasHeader()) {
                out.append(ScoreCsv.line(header));
            }
            Iterator<Path> files = walk(dir);
            while (files.hasNext()) {
                if (cancelled || Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    break;
                }
                List<Path> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && files.hasNext()) {
                    Path file = files.next();
                    if (todo.test(file)) {
                        batch.add(file);
                    }
                }
                List<List<String>> rows = scoreBatch(dir, batch);
                if (Thread.currentThread().isInterrupted()) {
                    stopped = true;
                    break;
                }
                int batchFailures = 0;
                for (List<String> row : rows) {
                    out.append(ScoreCsv.line(row));
                    batchFailures += row.get(row.size() - 1).isEmpty() ? 0 : 1;
                }
                scored += rows.size() - batchFailures;
                failed += batchFailures;
                bar.advance(rows.size(), batchFailures);
            }
        } finally {
            bar.finish();
        }
        return new ScoreSummary(scored, failed, skipped, stopped);
    }

    /** Decodes a batch (bad files become error rows) and classifies the good ones in one call. */
    private List<List<String>> scoreBatch(Path dir, List<Path> batch) {
        int labelCount = classifier.card().labels().size();
        List<List<String>> rows = new ArrayList<>(batch.size());
        List<XrayImage> images = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Path file : batch) {
            String name = relative(dir, file);
            try {
                images.add(XrayImage.read(file));
                positions.add(rows.size());
                rows.add(null);
            } catch (InvalidImageException e) {
                rows.add(ScoreCsv.errorRow(name, labelCount, e.getMessage()));
            }
        }
        List<Prediction> predictions = classifyEach(images);
        for (int i = 0; i < images.size(); i++) {
            String name = relative(dir, batch.get(positions.get(i)));
            Prediction p = predictions.get(i);
            rows.set(positions.get(i), p == null
                    ? ScoreCsv.errorRow(name, labelCount, "the model failed on this image")
                    : ScoreCsv.row(name, p));
        }
        return rows;
    }

    /** One call for the batch; if the engine fails on it, one call per image so only the bad one is lost. */
    private List<Prediction> classifyEach(List<XrayImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            return classifier.classify(images);
        } catch (TranslateException batchFailure) {
            List<Prediction> predictions = new ArrayList<>(images.size());
            for (XrayImage image : images) {
                try {
                    predictions.add(classifier.classify(image));
                } catch (TranslateException e) {
                    LOG.warn("{}: the model failed on this image: {}", image.source(), e.getMessage());
                    predictions.add(null);
                }
            }
            return predictions;
        }
    }

    private static Iterator<Path> walk(Path dir) {
        return new SortedFileWalker(dir, ImageFiles::isImage,
                (folder, e) -> LOG.warn("{}: cannot list folder, skipping it: {}", folder, e.toString()));
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
