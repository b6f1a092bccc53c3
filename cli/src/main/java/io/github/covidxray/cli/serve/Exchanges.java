package io.github.covidxray.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import io.github.covidxray.cli.CommonOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading bounded request bodies and writing JSON responses. Stateless and thread-safe. */
final class Exchanges {

    private Exchanges() {}

    /**
     * Sends a JSON response and closes the exchange's output.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param body a map or record Jackson can serialise
     * @throws IOException if the client went away
     */
    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = CommonOptions.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Sends {@code {"status": ..., "error": ...}}.
     *
     * @param exchange the exchange
     * @param problem the status and message
     * @throws IOException if the client went away
     */
    static void sendProblem(HttpExchange exchange, HttpProblem problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem.status());
        body.put("error", problem.getMessage());
        if (problem.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        sendJson(exchange, problem.status(), body);
    }

    /**
     * Reads the whole request body, refusing more than {@code maxBytes} without reading further: a declared
     * Content-Length over the limit is refused before any byte is read, a chunked body as soon as it
     * passes the limit.
     *
     * @param exchange the exchange
     * @param maxBytes the limit
     * @return the body
     * @throws HttpProblem 413 if the body is too large, 400 if Content-Length is malformed
     * @throws IOException if reading fails
     */
    static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("malformed Content-Length '" + declared + "'");
            }
            if (length > maxBytes) {
                throw tooLarge(maxBytes, length + " (Content-Length)");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes, "more");
            }
            return body;
        }
    }

    private static HttpProblem tooLarge(int maxBytes, String found) {
        return HttpProblem.tooLarge("request body too large: expected at most " + maxBytes + " bytes, found " + found);
    }
}
