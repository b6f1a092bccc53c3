package io.github.covidxray.cli.serve;

import java.time.Duration;

/**
 * Counts requests in flight so shutdown can wait for them, and refuses new ones once draining has begun.
 * Thread-safe.
 */
final class RequestGate {

    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    /** @return whether the request may proceed; if so, {@link #exit()} must follow once it is answered */
    boolean enter() {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    /** Marks a request admitted by {@link #enter()} as answered. */
    void exit() {
        synchronized (lock) {
            if (--inFlight == 0) {
                lock.notifyAll();
            }
        }
    }

    /** @return requests being handled right now */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Refuses new requests from now on and waits for those in flight.
     *
     * @param grace the longest wait
     * @return whether every request in flight finished within the grace period
     * @throws InterruptedException if interrupted while waiting
     */
    boolean drain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            draining = true;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
