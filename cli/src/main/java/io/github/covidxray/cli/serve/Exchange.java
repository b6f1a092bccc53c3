package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.CommonOptions;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One request being answered, possibly across threads: its id (sent back as {@code X-Request-Id} and as
 * {@code request_id} in every JSON body, and put in every log line), its endpoint and start time for the
 * metrics, and the one response it may send. Sending twice is ignored, so a late timeout cannot corrupt an
 * answer already given. Thread-safe.
 */
final class Exchange {

    /** The response header carrying the request id; a client's own id is kept when it is short and plain. */
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The MDC key of the request id, for logging back ends that print the MDC. */
    static final String MDC_KEY = "request_id";

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String id;
    private final String endpoint;
    private final long startNanos = System.nanoTime();
    private final ServiceMetrics metrics;
    private final Runnable onDone;
    private final AtomicBoolean sent = new AtomicBoolean();

    Exchange(Request request, Response response, Callback callback, String endpoint, ServiceMetrics metrics,
            Runnable onDone) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.onDone = onDone;
        String offered = request.getHeaders().get(REQUEST_ID_HEADER);
        this.id = offered != null && CLIENT_ID.matcher(offered).matches() ? offered : newId();
        response.getHeaders().put(REQUEST_ID_HEADER, id);
    }

    /** @return a fresh random request id, 16 hex digits */
    static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    /** @return the request id */
    String id() {
        return id;
    }

    /** @return the request's path, without query */
    String path() {
        return request.getHttpURI().getPath();
    }

    /**
     * Runs {@code work} with the request id in the logging MDC, for work on another thread.
     *
     * @param work what to run
     */
    void withMdc(Runnable work) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
            work.run();
        }
    }

    /**
     * Sends a JSON object with {@code request_id} first.
     *
     * @param status the HTTP status
     * @param body the fields
     */
    void sendJson(int status, Map<String, ?> body) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("request_id", id);
        json.putAll(body);
        byte[] bytes;
        try {
            bytes = CommonOptions.JSON.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
        send(status, "application/json; charset=utf-8", bytes);
    }

    /**
     * Sends {@code {"request_id", "status", "error"}}, with {@code Retry-After} on 503.
     *
     * @param problem the status and message
     */
    void sendProblem(HttpProblem problem) {
        if (problem.status() == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem.status());
        body.put("error", problem.getMessage());
        sendJson(problem.status(), body);
    }

    /**
     * Sends a body as is.
     *
     * @param status the HTTP status
     * @param contentType its media type
     * @param bytes the body
     */
    void send(int status, String contentType, byte[] bytes) {
        if (!sent.compareAndSet(false, true)) {
            return;
        }
        try {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), Callback.from(() -> {
                finished();
                callback.succeeded();
            }, failure -> {
                withMdc(() -> LOG.debug("[{}] client connection failed: {}", id, failure.toString()));
                finished();
                callback.failed(failure);
            }));
        } catch (RuntimeException e) {
            finished();
            callback.failed(e);
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        metrics.request(endpoint, status, seconds);
        withMdc(() -> LOG.info("[{}] {} {} {} {} ms", id, request.getMethod(), path(), status,
                Math.round(seconds * 1000)));
    }

    /** @return whether a response has been sent */
    boolean answered() {
        return sent.get();
    }

    private void finished() {
        onDone.run();
    }
}
