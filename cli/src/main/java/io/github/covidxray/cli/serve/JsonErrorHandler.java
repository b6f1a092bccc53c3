package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.CommonOptions;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty itself detects (malformed HTTP, header too large, ...) in the service's JSON
 * error shape instead of an HTML page, with a request id like every other answer. Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Object code = request.getAttribute(ERROR_STATUS);
        if (code instanceof Integer c) {
            status = c;
        }
        Object message = request.getAttribute(ERROR_MESSAGE);
        String id = Exchange.newId(); // the request never reached the service's handler, so it has none yet
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", id);
        body.put("status", status);
        body.put("error", message != null ? message.toString() : "request could not be handled");
        response.setStatus(status);
        response.getHeaders().put(Exchange.REQUEST_ID_HEADER, id);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(CommonOptions.JSON.writeValueAsBytes(body)), callback);
        return true;
    }
}
