package io.github.covidxray.cli;

import io.github.covidxray.core.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA on stderr, redrawn at most every 200 ms. Prints nothing when
 * quiet (for example with {@code --json} into a pipe, where a consumer reads stdout only, stderr still works).
 * Thread-safe.
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String title;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /**
     * @param err where to draw
     * @param title what is being done, for example "scoring"
     */
    public ProgressBar(PrintWriter err, String title) {
        this.err = err;
        this.title = title;
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        StringBuilder line = new StringBuilder("\r").append(title).append(' ');
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, done / (double) total));
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(done).append('/').append(total);
            if (done > 0 && done < total) {
                line.append(" ETA ").append(format(seconds / done * (total - done)));
            }
        } else {
            line.append(done);
        }
        line.append(String.format(" (%.1f/s, %s)", done / Math.max(seconds, 1e-9), format(seconds)));
        if (message != null && !message.isEmpty()) {
            line.append(' ').append(message);
        }
        err.print(line);
        err.flush();
        drawn = true;
    }

    /** Ends the bar's line. */
    @Override
    public synchronized void close() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String format(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
