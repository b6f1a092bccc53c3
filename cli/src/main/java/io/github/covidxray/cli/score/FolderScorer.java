package io.github.covidxray.cli.score;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every image under a folder (recursively, in sorted order) into a CSV, one row per image,
 * reporting progress, through the classifier's streaming batch path ({@link CovidClassifier#classifyEach}), so
 * memory stays within its pixel budget whatever the folder's size. Rows are appended as each image finishes and reach the disk soon after (see
 * {@link CsvAppender}), so an interrupted run keeps everything it wrote; a run with {@code resume} skips
 * the files the CSV already has, so interrupting and resuming gives the same CSV as one run.
 *
 * <p>Stopping: {@link #cancel()} (from a shutdown hook, say) or interrupting the scoring thread ends the
 * run after the images already being read. Results that finish after the thread was interrupted are not
 * written, since an interrupt can make file reads fail; a resumed run scores them.
 *
 * <p><b>Thread safety:</b> one run at a time; {@link #cancel()} may be called from any thread.
 */
public final class FolderScorer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderScorer.class);
    private static final int SYNC_EVERY_ROWS = 64;

    private final CovidClassifier classifier;
    private final ProgressListener progress;
    private volatile boolean cancelled;

    /**
     * @param classifier the classifier; its batch size and pixel budget apply
     * @param progress told after each image: images done and to do in this run, and failures so far
     */
    public FolderScorer(CovidClassifier classifier, ProgressListener progress) {
        this.classifier = classifier;
        this.progress = progress;
    }

    /** Asks the run in progress to stop after the images already being read. */
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
        int labelCount = classifier.card().labels().size();
        long[] counts = new long[2]; // scored, failed
        boolean[] stopped = {false};
        long toDo = total;
        progress.progress(0, toDo, "");
        try (CsvAppender out = new CsvAppender(csv, SYNC_EVERY_ROWS)) {
            if (!start.hasHeader()) {
                out.append(ScoreCsv.line(header));
            }
            Iterator<Path> files = new TodoFiles(walk(dir), todo);
            IOException[] writeFailure = {null};
            classifier.classifyEach(new Iterator<ImageSource>() {
                @Override
                public boolean hasNext() {
                    if (cancelled || Thread.currentThread().isInterrupted() || writeFailure[0] != null) {
                        stopped[0] = true;
                        return false;
                    }
                    return files.hasNext();
                }

                @Override
                public ImageSource next() {
                    return ImageSource.of(files.next());
                }
            }, outcome -> {
                if (Thread.currentThread().isInterrupted() || writeFailure[0] != null) {
                    // An interrupt can make file reads fail: what finished after it is left to a resumed run.
                    stopped[0] = true;
                    return;
                }
                String name = relative(dir, Path.of(outcome.input()));
                try {
                    out.append(ScoreCsv.line(outcome.ok() ? ScoreCsv.row(name, outcome.prediction())
                            : ScoreCsv.errorRow(name, labelCount, outcome.error())));
                } catch (IOException e) {
                    writeFailure[0] = e;
                    return;
                }
                counts[outcome.ok() ? 0 : 1]++;
                progress.progress(counts[0] + counts[1], toDo, counts[1] == 0 ? "" : counts[1] + " failed");
            });
            if (writeFailure[0] != null) {
                throw writeFailure[0];
            }
        }
        return new ScoreSummary(counts[0], counts[1], skipped, stopped[0]);
    }

    /** The files a run still has to score, in walk order. */
    private static final class TodoFiles implements Iterator<Path> {
        private final Iterator<Path> all;
        private final Predicate<Path> todo;
        private Path next;

        TodoFiles(Iterator<Path> all, Predicate<Path> todo) {
            this.all = all;
            this.todo = todo;
        }

        @Override
        public boolean hasNext() {
            while (next == null && all.hasNext()) {
                Path candidate = all.next();
                if (todo.test(candidate)) {
                    next = candidate;
                }
            }
            return next != null;
        }

        @Override
        public Path next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Path result = next;
            next = null;
            return result;
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
