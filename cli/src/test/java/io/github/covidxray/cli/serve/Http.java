package io.github.covidxray.cli.serve;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.covidxray.cli.CommonOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for the server tests: real requests over loopback, JSON bodies parsed to maps. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** A response: status, headers and the body parsed as a JSON object (empty when it is not JSON). */
    record Reply(int status, Map<String, Object> json, HttpResponse<String> raw) {}

    Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            // Pages, scripts and metrics are not JSON: their reply has an empty map.
            return new Reply(response.statusCode(), body.startsWith("{") ? parse(body) : Map.of(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return CommonOptions.JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new AssertionError("not a JSON object: " + json, e);
        }
    }

    /**
     * Sends raw bytes over a socket and reads the reply up to the end of the connection or of its
     * declared length: for requests a normal client would not send.
     */
    String raw(String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                reply.write(buffer, 0, n);
                String text = reply.toString(StandardCharsets.ISO_8859_1);
                int headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd >= 0 && text.length() - headerEnd - 4 >= contentLength(text)) {
                    break;
                }
            }
            return reply.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Builds a multipart/form-data body. */
    static final class Multipart {
        final String boundary = "----covidxray-test-boundary-7f3a";
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Multipart file(String field, String filename, String contentType, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n"
                    + "Content-Type: " + contentType + "\r\n", content);
        }

        Multipart field(String field, String value) {
            return part("Content-Disposition: form-data; name=\"" + field + "\"\r\n",
                    value.getBytes(StandardCharsets.UTF_8));
        }

        private Multipart part(String headers, byte[] content) {
            body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream done = new ByteArrayOutputStream();
            done.writeBytes(body.toByteArray());
            done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return done.toByteArray();
        }
    }
}
