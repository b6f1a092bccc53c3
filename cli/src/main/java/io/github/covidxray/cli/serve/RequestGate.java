package io.github.covidxray.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests in flight so shutdown can wait for them, refuses new ones with 503 once draining has
 * begun, and turns a handler's {@link HttpProblem} (or unexpected failure) into a JSON error response.
 * Thread-safe.
 */
final class RequestGate {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    /**
     * @param handler the endpoint
     * @return the endpoint behind this gate, with errors answered as JSON
     */
    HttpHandler guard(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                if (!enter()) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    Exchanges.sendProblem(exchange, HttpProblem.unavailable("server is shutting down"));
                    return;
                }
                try {
                    handler.handle(exchange);
                } catch (HttpProblem problem) {
                    LOG.debug("{} {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                            problem.status(), problem.getMessage());
                    respond(exchange, problem);
                } catch (IOException e) {
                    LOG.debug("{} {}: client connection failed: {}", exchange.getRequestMethod(),
                            exchange.getRequestURI(), e.toString());
                } catch (RuntimeException e) {
                    LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                    respond(exchange, new HttpProblem(500, "internal error: " + e));
                } finally {
                    exit();
                }
            }
        };
    }

    private static void respond(HttpExchange exchange, HttpProblem problem) {
        try {
            Exchanges.sendProblem(exchange, problem);
        } catch (IOException | RuntimeException e) {
            // Headers already sent or client gone: nothing more can be told to this client.
            LOG.debug("could not send {} to the client: {}", problem.status(), e.toString());
        }
    }

    private boolean enter() {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    private void exit() {
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
