package io.github.covidxray.cli.serve;

import io.github.covidxray.core.CovidClassifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP triage service on Jetty 12: {@code POST /v1/classify}, {@code POST /v1/explain},
 * {@code GET /v1/model}, {@code GET /health}, {@code GET /metrics} (Prometheus text) and a web page at
 * {@code /}, answering JSON with the research-use disclaimer and a request id.
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
 * <p>All requests share the one thread-safe classifier. Abuse is bounded by design, not caught: bodies are
 * received without holding a thread (a slow client costs a connection, not a worker), within an idle timeout,
 * a read deadline and a connection limit; image sizes are read from headers and budgeted before any pixel is
 * decoded (see {@link ServerOptions}); classification runs on a fixed pool with a bounded queue. The server
 * does not own the classifier: close the server first, then the classifier.
 *
 * <p><b>Thread safety:</b> thread-safe. {@link #close()} shuts down gracefully: new requests get 503 while
 * those in flight finish, up to {@link ServerOptions#shutdownGrace()}.
 */
public final class TriageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriageServer.class);

    /** Jetty threads: selectors, acceptors and short handler work; classification runs on its own pool. */
    private static final int HTTP_THREADS = 32;

    private final Server jetty;
    private final ServerConnector connector;
    private final WorkQueue work;
    private final RequestGate gate = new RequestGate();
    private final ServerOptions options;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private TriageServer(CovidClassifier classifier, ServerOptions options) {
        this.options = options;
        this.work = new WorkQueue(options.maxConcurrent(), options.maxQueued());
        QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 4);
        threads.setName("triage-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
        ServiceMetrics metrics = new ServiceMetrics();
        TriageHandler handler = new TriageHandler(classifier, options, work, gate, metrics, this);
        metrics.gauge("covidxray_queue_depth", "Classification requests waiting for a free slot.", work::queued);
        metrics.gauge("covidxray_classifications_running", "Classification requests running now.", work::running);
        metrics.gauge("covidxray_requests_in_flight", "Requests being handled now, any endpoint.", gate::inFlight);
        metrics.gauge("covidxray_decoded_pixels_reserved", "Decoded pixels reserved by requests in flight.",
                handler::pixelsReserved);
        metrics.gauge("covidxray_decoded_pixels_budget", "Decoded pixels all requests in flight may reserve.",
                options::maxInFlightPixels);
        metrics.gauge("covidxray_connections_open", "Open client connections.",
                () -> connector.getConnectedEndPoints().size());
        jetty.setHandler(handler);
        jetty.setErrorHandler(new JsonErrorHandler());
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
        try {
            server.jetty.start();
        } catch (IOException e) {
            server.stopQuietly();
            throw e;
        } catch (Exception e) {
            server.stopQuietly();
            throw new IOException("cannot start the server on " + options.host() + ":" + options.port() + ": " + e, e);
        }
        LOG.info("serving {} on {}", classifier.card().name(), server.uri());
        return server;
    }

    /** @return the bound address, with the actual port when 0 was asked for */
    public InetSocketAddress address() {
        return new InetSocketAddress(options.host(), connector.getLocalPort());
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
        int port = connector.getLocalPort();
        try {
            if (!gate.drain(options.shutdownGrace())) {
                LOG.warn("{} requests still in flight after {}: closing their connections", gate.inFlight(),
                        options.shutdownGrace());
            }
            stopQuietly();
            if (!work.shutdown(options.shutdownGrace())) {
                LOG.warn("classifications still running after {}: abandoning them", options.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly();
        } finally {
            work.close();
            terminated.countDown();
            LOG.info("server on port {} stopped", port);
        }
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
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
