package io.github.covidxray.core;

/**
 * Receives progress of long-running work (scoring a dataset, training, analysing). Implementations must
 * be cheap and thread-safe: they may be called from worker threads. The CLI draws a progress bar from it.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * @param done units of work finished so far
     * @param total units of work in all, or -1 if unknown
     * @param message a short status, for example the current loss; may be empty
     */
    void progress(long done, long total, String message);
}
