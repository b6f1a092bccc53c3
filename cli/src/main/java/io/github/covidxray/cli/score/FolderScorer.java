package io.github.covidxray.cli.score;

import io.github.covidxray.cli.BatchClassification;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
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
 * Scores every image under a folder (recursively, in sorted order) into a CSV, one row per image,
 * reporting progress. Rows are appended as each batch finishes and reach the disk soon after (see
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

    private final CovidClassifier classifier;
    private final int batchSize;
    private final ProgressListener progress;
    private volatile boolean cancelled;

    /**
     * @param classifier the classifier
     * @param batchSize images per classification call
     * @param progress told after each batch: images done and to do in this run, and failures so far
     */
    public FolderScorer(CovidClassifier classifier, int batchSize, ProgressListener progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.progress = progress;
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
            LOG.info("resuming {}: {} images already there, {} to go", csv, skipped, total);
        }
        long scored = 0;
        long failed = 0;
        boolean stopped = false;
        progress.progress(0, total, "");
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
                progress.progress(scored + failed, total, failed == 0 ? "" : failed + " failed");
            }
        }
        return new ScoreSummary(scored, failed, skipped, stopped);
    }

    /** One row per file: bad files become error rows, the rest are classified in one call. */
    private List<List<String>> scoreBatch(Path dir, List<Path> batch) {
        ReadOptions readOptions = classifier.card().preprocessing().readOptions(); // as the model expects
        List<BatchClassification.Outcome> outcomes = BatchClassification.classify(classifier, batch.stream()
                .map(file -> (BatchClassification.Input) () -> XrayImage.read(file, readOptions)).toList());
        int labelCount = classifier.card().labels().size();
        List<List<String>> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String name = relative(dir, batch.get(i));
            BatchClassification.Outcome o = outcomes.get(i);
            rows.add(o.ok() ? ScoreCsv.row(name, o.prediction()) : ScoreCsv.errorRow(name, labelCount, o.error()));
        }
        return rows;
    }

    private static Iterator<Path> walk(Path dir) {
        return new SortedFileWalker(dir, ImageFiles::isImage,
                (folder, e) -> LOG.warn("{}: cannot list folder, skipping it: {}", folder, e.toString()));
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
