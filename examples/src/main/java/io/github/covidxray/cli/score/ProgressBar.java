package io.github.covidxray.cli.score;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr: bar, count, percentage, rate and ETA. On a terminal it redraws one line in
 * place; otherwise (a log file, CI) it prints a line every {@code logEveryNanos}, so logs stay readable.
 * Not thread-safe.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final long total;
    private final boolean interactive;
    private final long logEveryNanos;
    private final LongSupplier clock;
    private final long start;
    private boolean drawn;
    private long lastDraw;
    private long done;
    private long failed;

    /**
     * @param err where to draw
     * @param total the number of items this run will process
     * @param interactive redraw in place (a terminal) rather than print lines
     * @param logEveryNanos when not interactive, the interval between lines
     * @param clock a nanosecond clock, {@link System#nanoTime} outside tests
     */
    ProgressBar(PrintWriter err, long total, boolean interactive, long logEveryNanos, LongSupplier clock) {
        this.err = err;
        this.total = total;
        this.interactive = interactive;
        this.logEveryNanos = logEveryNanos;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /**
     * Counts processed items and redraws when due.
     *
     * @param processed items just processed
     * @param newlyFailed how many of them failed
     */
    void advance(int processed, int newlyFailed) {
        done += processed;
        failed += newlyFailed;
        long now = clock.getAsLong();
        if (!drawn || now - lastDraw >= (interactive ? REDRAW_NANOS : logEveryNanos) || done == total) {
            draw(now);
        }
    }

    /** Draws the final state and ends the line. */
    void finish() {
        draw(clock.getAsLong());
        if (interactive) {
            err.println();
        }
        err.flush();
    }

    private void draw(long now) {
        drawn = true;
        lastDraw = now;
        String text = render(now);
        if (interactive) {
            err.print("\r" + text);
        } else {
            err.println(text);
        }
        err.flush();
    }

    /**
     * @param now the clock's current reading
     * @return the progress line, for example {@code [#####-----] 50/100 50.0% 12.5 img/s ETA 0:04 (1 failed)}
     */
    String render(long now) {
        double seconds = (now - start) / 1e9;
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "--:--";
        return String.format(Locale.ROOT, "[%s%s] %d/%d %5.1f%% %.1f img/s ETA %s%s", "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, 100 * fraction, rate, eta,
                failed > 0 ? " (" + failed + " failed)" : "");
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
