package io.github.covidxray.cli;

import io.github.covidxray.core.data.XrayRecord;
import io.github.covidxray.histogram.dataset.ProgressListener;
import java.io.PrintWriter;

/**
 * Shows scan progress on stderr: a line rewritten in place on a terminal, a line per 10% otherwise (so
 * logs stay short). Called from one thread.
 */
final class ProgressLine implements ProgressListener {

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private long lastDraw;
    private int lastDecile = -1;
    private int failed;
    private boolean drawn;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onImage(int done, int total, XrayRecord record, String problem) {
        if (problem != null) {
            failed++;
            if (terminal && drawn) {
                err.print("\r\033[K");
            }
            err.println("skipped " + record.file() + ": " + problem);
        }
        String line = String.format("analysing images: %d/%d (%d%%)%s", done, total, done * 100 / total,
                failed > 0 ? ", " + failed + " skipped" : "");
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || done == total) {
                err.print("\r" + line + "\033[K");
                err.flush();
                lastDraw = now;
                drawn = true;
            }
        } else {
            int decile = done * 10 / total;
            if (decile != lastDecile) {
                err.println(line);
                err.flush();
                lastDecile = decile;
            }
        }
    }

    void finish() {
        if (terminal && drawn) {
            err.println();
            err.flush();
        }
    }
}
