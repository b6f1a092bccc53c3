package io.github.covidxray.cli.serve;

import com.sun.net.httpserver.HttpServer;
import io.github.covidxray.core.CovidClassifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP triage service on the JDK's {@link HttpServer}: {@code POST /v1/classify}, {@code GET /v1/model}
 * and {@code GET /health}, answering JSON with the research-use disclaimer.
 *
 * <pre>{@code
 * CovidClassifier classifier = CovidClassifier.loadDefault();
 * TriageServer server = TriageServer.start(classifier, ServerOptions.builder().build());
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
 *     server.close();      // lets requests in flight finish
 *     classifier.close();
 * }));
 * server.awaitTermination();
 * }</pre>
 *
 * <p>All requests share the one thread-safe classifier. Limits: request body size (413), image pixels
 * (400), request timeout and a bounded work queue (503 when full, never unbounded queueing). The server
 * does not own the classifier: close the server first, then the classifier.
 *
 * <p><b>Thread safety:</b> thread-safe. {@link #close()} shuts down gracefully: new requests get 503 while
 * those in flight finish, up to {@link ServerOptions#shutdownGrace()}.
 */
public final class TriageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriageServer.class);

    /** HTTP threads beyond the classification slots, so a full server can still answer 503 at once. */
    private static final int SPARE_HTTP_THREADS = 4;
    /** Connections waiting for an HTTP thread; beyond this a connection is closed unanswered. */
    private static final int HTTP_BACKLOG = 64;

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body waits for
        // the client's delayed ACK of the headers (about 40 ms per request). The property is read once, when
        // the JDK's server configuration is first loaded, so it is set before any HttpServer is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ThreadPoolExecutor httpThreads;
    private final WorkQueue work;
    private final RequestGate gate = new RequestGate();
    private final ServerOptions options;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private TriageServer(CovidClassifier classifier, ServerOptions options) throws IOException {
        this.options = options;
        this.work = new WorkQueue(options.maxConcurrent(), options.maxQueued());
        this.httpThreads = httpExecutor(options.maxConcurrent() + options.maxQueued() + SPARE_HTTP_THREADS);
        this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
        http.setExecutor(httpThreads);
        http.createContext("/", gate.guard(exchange -> {
            throw Routes.notFound(exchange);
        }));
        http.createContext("/v1/classify",
                gate.guard(Routes.exact("/v1/classify", new ClassifyHandler(classifier, options, work))));
        http.createContext("/v1/model", gate.guard(Routes.exact("/v1/model", Routes.model(classifier))));
        http.createContext("/health", gate.guard(Routes.exact("/health", Routes.health(this))));
    }

    /**
     * Binds the address and starts serving.
     *
     * @param classifier the shared classifier; stays open after the server closes
     * @param options address and limits
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static TriageServer start(CovidClassifier classifier, ServerOptions options) throws IOException {
        TriageServer server = new TriageServer(classifier, options);
        server.http.start();
        LOG.info("serving {} on {}", classifier.card().name(), server.uri());
        return server;
    }

    private static ThreadPoolExecutor httpExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(HTTP_BACKLOG),
                r -> new Thread(r, "triage-http-" + count.incrementAndGet()),
                (task, executor) -> {
                    // HttpServer closes the connection when its executor refuses: log why.
                    LOG.warn("more than {} connections waiting: closing one unanswered", HTTP_BACKLOG);
                    throw new RejectedExecutionException("HTTP backlog full");
                });
    }

    /** @return the bound address, with the actual port when 0 was asked for */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** @return the base URI, for example {@code http://127.0.0.1:8080} */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** @return requests being handled right now, any endpoint */
    public int inFlight() {
        return gate.inFlight();
    }

    /** @return classifications waiting for a free slot */
    public int queued() {
        return work.queued();
    }

    /** @return the options the server runs with */
    public ServerOptions options() {
        return options;
    }

    /**
     * Blocks until {@link #close()} has finished, for example from a shutdown hook.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Shuts down gracefully: refuses new requests with 503, waits up to the grace period for those in
     * flight, then closes the port and threads. Calling it again waits for the first call to finish.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            if (!gate.drain(options.shutdownGrace())) {
                LOG.warn("{} requests still in flight after {}: closing their connections", gate.inFlight(),
                        options.shutdownGrace());
            }
            http.stop(0);
            httpThreads.shutdown();
            if (!work.shutdown(options.shutdownGrace())) {
                LOG.warn("classifications still running after {}: abandoning them", options.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.stop(0);
        } finally {
            httpThreads.shutdownNow();
            work.close();
            terminated.countDown();
            LOG.info("server on port {} stopped", address().getPort());
        }
    }

    private void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
