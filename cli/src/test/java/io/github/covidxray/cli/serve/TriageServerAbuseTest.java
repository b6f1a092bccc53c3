package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.testing.PngFiles;
import io.github.covidxray.core.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The abuse cases of the triage service over real loopback sockets: a multipart decompression bomb, hundreds
 * of slow clients, a trickling body, malformed HTTP. Each ends with the server still answering normally.
 */
class TriageServerAbuseTest {

    private static final int BOMB_SIDE = 5_900;

    private static ServerOptions.Builder options() {
        return ServerOptions.builder().optPort(0).optShutdownGrace(Duration.ofSeconds(5));
    }

    private static byte[] png(long seed) {
        return TestImages.encode(TestImages.chestLike(64, 64, seed), "png");
    }

    /** Asserts the server still answers health and a normal classification, each within two seconds. */
    private static void assertHealthy(Http http) {
        long t0 = System.nanoTime();
        Http.Reply health = http.get("/health");
        long healthMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, health.status(), health.raw().body());
        assertTrue(healthMs < 2_000, "health answered in " + healthMs + " ms");
        t0 = System.nanoTime();
        Http.Reply normal = http.post("/v1/classify", "image/png", png(1));
        long normalMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, normal.status(), normal.raw().body());
        assertTrue(normal.json().containsKey("label"), normal.raw().body());
        assertTrue(normalMs < 2_000, "classification answered in " + normalMs + " ms");
    }

    @Test
    void refusesTheMultipartBombFromImageHeadersAndStaysHealthy() throws Exception {
        byte[] bomb = PngFiles.black16(BOMB_SIDE, BOMB_SIDE);
        assertTrue(bomb.length < 120_000, "each part compresses to about 80 KB, got " + bomb.length);
        Http.Multipart form = new Http.Multipart();
        for (int i = 0; i < 64; i++) {
            form.file("file", "bomb-" + i + ".png", "image/png", bomb);
        }
        byte[] body = form.bytes();
        try (TriageServer server = TriageServer.start(FakeClassifier.instant(), options().build())) {
            assertTrue(body.length < server.options().maxBodyBytes(), "the body is under the size limit");
            assertTrue(BOMB_SIDE * (long) BOMB_SIDE <= server.options().maxPixels(), "each image is under the pixel limit");
            Http http = new Http(server.uri());
            long t0 = System.nanoTime();
            Http.Reply reply = http.post("/v1/classify", form.contentType(), body);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(413, reply.status(), reply.raw().body());
            assertTrue(((String) reply.json().get("error")).contains("pixels"), reply.raw().body());
            assertTrue(ms < 5_000, "refused from the headers, without decoding: " + ms + " ms");
            assertEquals(0L, ((Number) http.get("/health").json().get("decoded_pixels_reserved")).longValue(),
                    "nothing stays reserved");
            assertHealthy(http);
        }
    }

    @Test
    void answers503WithRetryAfterWhenThePixelBudgetIsTakenAndDecodesOnceItIsFree() throws Exception {
        FakeClassifier slow = FakeClassifier.blocking();
        byte[] big = PngFiles.black16(2_000, 2_000); // 4 M pixels
        ExecutorService clients = Executors.newFixedThreadPool(1);
        try (TriageServer server = TriageServer.start(slow, options().optMaxRequestPixels(5_000_000)
                .optMaxInFlightPixels(6_000_000).build())) {
            Http http = new Http(server.uri());
            Future<Http.Reply> first = clients.submit(() -> http.post("/v1/classify", "image/png", big));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (slow.waiting() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Http.Reply busy = http.post("/v1/classify", "image/png", big);
            assertEquals(503, busy.status(), busy.raw().body());
            assertEquals("1", busy.raw().headers().firstValue("Retry-After").orElseThrow());
            assertTrue(((String) busy.json().get("error")).contains("busy"), busy.raw().body());
            Http.Reply never = http.post("/v1/classify", new Http.Multipart()
                    .file("file", "a.png", "image/png", big).file("file", "b.png", "image/png", big).contentType(),
                    new Http.Multipart().file("file", "a.png", "image/png", big)
                            .file("file", "b.png", "image/png", big).bytes());
            assertEquals(413, never.status(), "8 M pixels can never fit a 5 M request budget: " + never.raw().body());
            slow.release();
            assertEquals(200, first.get().status(), first.get().raw().body());
            assertEquals(200, http.post("/v1/classify", "image/png", big).status(), "the budget is free again");
        } finally {
            slow.release();
            clients.shutdownNow();
        }
    }

    @Test
    void keepsAnsweringWhile400SlowClientsHoldConnections() throws Exception {
        try (TriageServer server = TriageServer.start(FakeClassifier.instant(), options().build())) {
            Http http = new Http(server.uri());
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    Socket s = new Socket(server.uri().getHost(), server.uri().getPort());
                    s.getOutputStream().write(("POST /v1/classify HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(300))
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (server.inFlight() < 400 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(400, server.inFlight(), "all 400 slow requests are open, waiting for their bodies");
                assertHealthy(http);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            assertHealthy(http);
        }
    }

    @Test
    void closesATricklingBodyAtTheReadTimeoutAndAnIdleOneAtTheIdleTimeout() throws Exception {
        try (TriageServer server = TriageServer.start(FakeClassifier.instant(), options()
                .optReadTimeout(Duration.ofSeconds(2)).optIdleTimeout(Duration.ofSeconds(1)).build())) {
            long t0 = System.nanoTime();
            String trickled;
            try (Socket s = new Socket(server.uri().getHost(), server.uri().getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                // One byte every 400 ms: never idle for a second, but never done either.
                trickled = trickleUntilAnswered(out, s.getInputStream());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(trickled.startsWith("HTTP/1.1 408"), trickled);
            assertTrue(seconds < 6, "answered at the read timeout, after " + seconds + " s");

            try (Socket idle = new Socket(server.uri().getHost(), server.uri().getPort())) {
                idle.setSoTimeout(10_000);
                idle.getOutputStream().write("GET /health HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
                long t1 = System.nanoTime();
                byte[] rest = idle.getInputStream().readAllBytes(); // until the server closes
                double idleSeconds = (System.nanoTime() - t1) / 1e9;
                assertTrue(idleSeconds < 5, "closed after the idle timeout, not after " + idleSeconds + " s; got "
                        + new String(rest, StandardCharsets.ISO_8859_1));
            }
            assertHealthy(new Http(server.uri()));
        }
    }

    private static String trickleUntilAnswered(OutputStream out, InputStream in) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                out.write('x');
                out.flush();
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(400);
            if (in.available() > 0) {
                break;
            }
        }
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        return n <= 0 ? "(closed without an answer)" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void answersMalformedHttpWithJsonErrorsAndStaysHealthy() {
        try (TriageServer server = TriageServer.start(FakeClassifier.instant(), options().build())) {
            Http http = new Http(server.uri());
            String garbage = http.raw("THIS IS NOT HTTP\r\n\r\n");
            assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
            assertTrue(garbage.contains("\"request_id\""), "Jetty's own errors are JSON with an id too: " + garbage);
            String hugeHeader = http.raw("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(64 * 1024)
                    + "\r\n\r\n");
            assertTrue(hugeHeader.startsWith("HTTP/1.1 431"), hugeHeader);
            String badLength = http.raw("POST /v1/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: lots\r\n\r\n");
            assertTrue(badLength.startsWith("HTTP/1.1 400"), badLength);
            assertHealthy(http);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
