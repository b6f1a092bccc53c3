package io.github.covidxray.cli.score;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends CSV lines to a file so that written rows survive an interruption: each line goes to the
 * operating system in one {@code write} call with no buffering in the JVM (a killed process loses
 * nothing it has written), and the file is synced to disk at least every {@code syncEvery} lines or every
 * second, and on close (a power loss loses at most that much). A plain {@link FileOutputStream}, unlike a
 * {@code FileChannel}, is not closed by a thread interrupt. Not thread-safe.
 */
final class CsvAppender implements AutoCloseable {

    private static final long SYNC_INTERVAL_NANOS = 1_000_000_000L;

    private final FileOutputStream out;
    private final int syncEvery;
    private int unsynced;
    private long lastSync = System.nanoTime();

    /**
     * @param file the file, created if absent, appended to otherwise
     * @param syncEvery the most lines between two syncs
     * @throws IOException if the file cannot be opened
     */
    CsvAppender(Path file, int syncEvery) throws IOException {
        this.out = new FileOutputStream(file.toFile(), true);
        this.syncEvery = syncEvery;
    }

    /**
     * @param line a complete line, newline included
     * @throws IOException if writing fails
     */
    void append(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        if (++unsynced >= syncEvery || System.nanoTime() - lastSync >= SYNC_INTERVAL_NANOS) {
            sync();
        }
    }

    /**
     * Forces written lines to disk.
     *
     * @throws IOException if the sync fails
     */
    void sync() throws IOException {
        out.getFD().sync();
        unsynced = 0;
        lastSync = System.nanoTime();
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            out.close();
        }
    }
}
