package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.core.CovidClassifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to the endpoints, turns an endpoint's {@link HttpProblem} (or unexpected failure) into a
 * JSON error, and counts every answer in the metrics. Never blocks on a client or a classification.
 * Thread-safe.
 */
final class TriageHandler extends Handler.Abstract.NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(TriageHandler.class);

    private static final String ENDPOINTS =
            "expected POST /v1/classify, POST /v1/explain, GET /v1/model, GET /health, GET /metrics or GET /";

    private final ImageEndpoint images;
    private final RequestGate gate;
    private final ServiceMetrics metrics;
    private final TriageServer server;
    private final Map<String, Object> model;
    private final WebPage page;

    TriageHandler(CovidClassifier classifier, ServerOptions options, WorkQueue work, RequestGate gate,
            ServiceMetrics metrics, TriageServer server) {
        this.images = new ImageEndpoint(classifier, options, work, metrics);
        this.gate = gate;
        this.metrics = metrics;
        this.server = server;
        this.model = new LinkedHashMap<>(ModelInfo.of(classifier));
        model.put("disclaimer", CovidXrayCli.DISCLAIMER);
        this.page = new WebPage(classifier);
    }

    /** @return decoded pixels reserved by requests in flight */
    long pixelsReserved() {
        return images.pixelsReserved();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String endpoint = endpoint(path);
        if (!gate.enter()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            new Exchange(request, response, callback, endpoint, metrics, () -> {})
                    .sendProblem(HttpProblem.unavailable("server is shutting down"));
            return true;
        }
        Exchange exchange = new Exchange(request, response, callback, endpoint, metrics, gate::exit);
        try {
            route(exchange, path);
        } catch (HttpProblem problem) {
            exchange.sendProblem(problem);
        } catch (RuntimeException e) {
            exchange.withMdc(() -> LOG.error("[{}] {} {} failed", exchange.id(), request.getMethod(), path, e));
            exchange.sendProblem(new HttpProblem(500, "internal error: " + e));
        }
        return true;
    }

    private void route(Exchange exchange, String path) {
        switch (path) {
            case "/v1/classify" -> images.handle(exchange, ImageEndpoint.Mode.CLASSIFY);
            case "/v1/explain" -> images.handle(exchange, ImageEndpoint.Mode.EXPLAIN);
            case "/v1/model" -> {
                requireMethod(exchange, "GET");
                exchange.sendJson(200, model);
            }
            case "/health" -> {
                requireMethod(exchange, "GET");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "ok");
                body.put("in_flight", server.inFlight() - 1); // not counting this health check itself
                body.put("queued", server.queued());
                body.put("decoded_pixels_reserved", images.pixelsReserved());
                exchange.sendJson(200, body);
            }
            case "/metrics" -> {
                requireMethod(exchange, "GET");
                exchange.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                WebPage.Asset asset = page.asset(path);
                if (asset == null) {
                    throw new HttpProblem(404, "no endpoint " + path + ": " + ENDPOINTS);
                }
                requireMethod(exchange, "GET");
                exchange.response().getHeaders().put("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
                exchange.send(200, asset.contentType(), asset.bytes());
            }
        }
    }

    /** The metrics label of a path: a fixed set, so a client cannot create series at will. */
    private String endpoint(String path) {
        return switch (path) {
            case "/v1/classify", "/v1/explain", "/v1/model", "/health", "/metrics" -> path;
            default -> page.asset(path) != null ? "page" : "other";
        };
    }

    /**
     * @param exchange the exchange
     * @param method the only method the endpoint accepts
     * @throws HttpProblem 405 with an {@code Allow} header for any other method
     */
    static void requireMethod(Exchange exchange, String method) {
        String actual = exchange.request().getMethod();
        if (!actual.equals(method)) {
            exchange.response().getHeaders().put(HttpHeader.ALLOW, method);
            throw new HttpProblem(405, "method " + actual + " not allowed on " + exchange.path() + ": expected "
                    + method);
        }
    }
}
