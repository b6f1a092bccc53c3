package io.github.covidxray.cli.serve;

/**
 * A quantity (decoded pixels, body bytes) shared by the requests in flight: a request reserves what it
 * needs before allocating it and releases it when done. Reserving never waits: a request that does not fit
 * now is told so at once. Thread-safe.
 */
final class Budget {

    private final String unit;
    private final long capacity;
    private long used;

    /**
     * @param unit what is counted, for messages ("pixels", "bytes")
     * @param capacity the most that may be reserved at once
     */
    Budget(String unit, long capacity) {
        this.unit = unit;
        this.capacity = capacity;
    }

    /**
     * Reserves {@code amount}, or explains why not.
     *
     * @param amount what the request needs
     * @param what the request's need, for messages ("the images' decoded pixels")
     * @return a reservation to close when the memory is released
     * @throws HttpProblem 413 if {@code amount} exceeds the whole budget (it can never fit), 503 if it does
     *     not fit beside the reservations of other requests now
     */
    Reservation reserve(long amount, String what) {
        if (amount > capacity) {
            throw HttpProblem.tooLarge(what + " (" + amount + " " + unit + ") exceed the server's whole budget of "
                    + capacity + " " + unit + ": send fewer or smaller images per request");
        }
        synchronized (this) {
            if (used + amount > capacity) {
                throw HttpProblem.unavailable("server busy: " + what + " (" + amount + " " + unit
                        + ") do not fit beside the requests in flight (" + used + " of " + capacity + " " + unit
                        + " reserved); retry later");
            }
            used += amount;
        }
        return new Reservation(amount);
    }

    /** @return the amount reserved right now */
    synchronized long used() {
        return used;
    }

    /** @return the most that may be reserved at once */
    long capacity() {
        return capacity;
    }

    private synchronized void release(long amount) {
        used -= amount;
    }

    /** A reservation; closing it more than once releases it once. */
    final class Reservation implements AutoCloseable {
        private long amount;

        private Reservation(long amount) {
            this.amount = amount;
        }

        @Override
        public void close() {
            long held;
            synchronized (this) {
                held = amount;
                amount = 0;
            }
            release(held);
        }
    }
}
