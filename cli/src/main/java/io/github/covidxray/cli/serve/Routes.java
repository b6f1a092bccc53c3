package io.github.covidxray.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.core.CovidClassifier;
import java.util.LinkedHashMap;
import java.util.Map;

/** The small endpoints ({@code GET /v1/model}, {@code GET /health}, anything else 404) and method checks. */
final class Routes {

    private Routes() {}

    /**
     * @param exchange the exchange
     * @param method the only method the endpoint accepts
     * @throws HttpProblem 405 with an {@code Allow} header for any other method
     */
    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new HttpProblem(405, "method " + exchange.getRequestMethod() + " not allowed on "
                    + exchange.getRequestURI().getPath() + ": expected " + method);
        }
    }

    /**
     * Wraps an endpoint so that it answers its exact path only; {@code HttpServer} contexts match prefixes.
     *
     * @param path the endpoint's path
     * @param handler the endpoint
     * @return the wrapped endpoint
     */
    static HttpHandler exact(String path, HttpHandler handler) {
        return exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                throw notFound(exchange);
            }
            handler.handle(exchange);
        };
    }

    /**
     * @param exchange the exchange
     * @return the 404 problem naming the path and the endpoints that exist
     */
    static HttpProblem notFound(HttpExchange exchange) {
        return new HttpProblem(404, "no endpoint " + exchange.getRequestURI().getPath()
                + ": expected POST /v1/classify, GET /v1/model or GET /health");
    }

    /**
     * @param classifier the shared classifier
     * @return {@code GET /v1/model}: the model card facts and the disclaimer
     */
    static HttpHandler model(CovidClassifier classifier) {
        Map<String, Object> body = new LinkedHashMap<>(PredictionJson.model(classifier.card(), classifier.engine()));
        body.put("disclaimer", CovidXrayCli.DISCLAIMER);
        return exchange -> {
            requireMethod(exchange, "GET");
            Exchanges.sendJson(exchange, 200, body);
        };
    }

    /**
     * @param server the server whose load to report
     * @return {@code GET /health}: status and current load
     */
    static HttpHandler health(TriageServer server) {
        return exchange -> {
            requireMethod(exchange, "GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("in_flight", server.inFlight() - 1); // not counting this health check itself
            body.put("queued", server.queued());
            Exchanges.sendJson(exchange, 200, body);
        };
    }
}
