package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.CommonOptions;
import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestDicom;
import io.github.covidxray.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The triage service over real HTTP on a loopback port chosen by the OS, with a fake classifier. */
class TriageServerTest {

    private static final int MAX_BODY = 16 * 1024;
    private static final long MAX_PIXELS = 5_000;

    private static final FakeClassifier FAKE = FakeClassifier.instant();
    private static TriageServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = TriageServer.start(FAKE, options().optMaxBodyBytes(MAX_BODY).optMaxPixels(MAX_PIXELS)
                .optMaxConcurrent(4).optMaxQueued(16).build());
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerOptions.Builder options() {
        return ServerOptions.builder().optPort(0).optShutdownGrace(Duration.ofSeconds(10));
    }

    private static byte[] png(long seed) {
        return TestImages.encode(TestImages.chestLike(64, 64, seed), "png");
    }

    /** What the service should answer for these bytes: the fake's answer in {@code classify --json} shape. */
    private static Map<String, Object> expected(String name, byte[] image) throws InvalidImageException {
        Map<String, Object> json = PredictionJson.of(name, FAKE.expected(XrayImage.read(image, name)));
        return Http.parse(toJson(json));
    }

    private static String toJson(Object value) {
        try {
            return CommonOptions.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> withoutEnvelope(Map<String, Object> json) {
        Map<String, Object> copy = new HashMap<>(json);
        copy.remove("model");
        copy.remove("disclaimer");
        copy.remove("request_id");
        return copy;
    }

    private static void assertError(Http.Reply reply, int status, String mentions) {
        assertEquals(status, reply.status(), () -> reply.raw().body());
        assertEquals(status, reply.json().get("status"));
        String error = (String) reply.json().get("error");
        assertTrue(error.contains(mentions), () -> "error '" + error + "' should mention '" + mentions + "'");
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void classifiesAPngBodyLikeClassifyJson() throws Exception {
        byte[] image = png(1);
        Http.Reply reply = http.post("/v1/classify", "image/png", image);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(expected(ImageEndpoint.BODY_NAME, image), withoutEnvelope(reply.json()));
        assertEquals(CovidXrayCli.DISCLAIMER, reply.json().get("disclaimer"));
        assertEquals(Map.of("name", "fake-mean", "version", "9.9.9"), reply.json().get("model"));
        assertTrue(reply.json().containsKey("flagged"), "the fake has an operating point");
    }

    @Test
    void usesTheFileNameHeaderAndSniffsTheFormatWithoutContentType() throws Exception {
        byte[] image = png(2);
        Http.Reply reply = http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/classify"))
                .header("X-Filename", "ward3/patient7.png").POST(HttpRequest.BodyPublishers.ofByteArray(image)));
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(expected("ward3/patient7.png", image), withoutEnvelope(reply.json()));
    }

    @Test
    void classifiesADicomBody() throws Exception {
        int[] stored = new int[32 * 32];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (i * 37) % 4096;
        }
        byte[] dicom = TestDicom.builder(32, 32).bits(16, 12).frame(stored).build();
        Http.Reply reply = http.post("/v1/classify", "application/dicom", dicom);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(expected(ImageEndpoint.BODY_NAME, dicom), withoutEnvelope(reply.json()));
        assertEquals(12, XrayImage.read(dicom, "x").bitsStored(), "the service saw the 12-bit image");
    }

    @Test
    void readsDicomTheWayTheModelsPreprocessingSays() throws Exception {
        FakeClassifier voi = FakeClassifier.withPreprocessing(PreprocessingSpec.builder().setSize(224)
                .optDicomIntensity(PreprocessingSpec.DicomIntensity.VOI_WINDOW).build());
        int[] stored = new int[32 * 32];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = i * 4;
        }
        byte[] dicom = TestDicom.builder(32, 32).bits(16, 12).frame(stored).window(1000, 400).build();
        try (TriageServer s = TriageServer.start(voi, options().build())) {
            Http.Reply reply = new Http(s.uri()).post("/v1/classify", "application/dicom", dicom);
            assertEquals(200, reply.status(), reply.raw().body());
            Map<String, Object> windowed = Http.parse(toJson(PredictionJson.of(ImageEndpoint.BODY_NAME,
                    voi.expected(XrayImage.read(dicom, "x", voi.card().preprocessing().readOptions())))));
            assertEquals(windowed, withoutEnvelope(reply.json()));
            assertNotEquals(expected(ImageEndpoint.BODY_NAME, dicom), windowed, "the window changes the answer");
        }
    }

    @Test
    void classifiesEveryFileOfAMultipartBodyInOrder() throws Exception {
        byte[] a = png(3);
        byte[] b = png(4);
        Http.Multipart form = new Http.Multipart().field("note", "ignored").file("file", "a.png", "image/png", a)
                .file("file", "b.png", "image/png", b);
        Http.Reply reply = http.post("/v1/classify", form.contentType(), form.bytes());
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(List.of(expected("a.png", a), expected("b.png", b)), reply.json().get("results"));
        assertEquals(CovidXrayCli.DISCLAIMER, reply.json().get("disclaimer"));
    }

    @Test
    void reportsABadFileOfAMultipartBodyInItsPlaceAndClassifiesTheRest() throws Exception {
        byte[] a = png(5);
        byte[] b = png(6);
        Http.Multipart form = new Http.Multipart().file("file", "a.png", "image/png", a)
                .file("file", "notes.txt", "text/plain", "not an image".getBytes(StandardCharsets.UTF_8))
                .file("file", "b.png", "image/png", b);
        Http.Reply reply = http.post("/v1/classify", form.contentType(), form.bytes());
        assertEquals(200, reply.status(), reply.raw().body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) reply.json().get("results");
        assertEquals(List.of("a.png", "notes.txt", "b.png"), results.stream().map(r -> r.get("file")).toList(),
                "in the order sent, the bad file between the good ones");
        assertEquals(expected("a.png", a), results.get(0));
        assertTrue(((String) results.get(1).get("error")).contains("notes.txt"), results.get(1).toString());
        assertFalse(results.get(1).containsKey("label"));
        assertEquals(expected("b.png", b), results.get(2));
    }

    @Test
    void decodesAndClassifiesTheFilesOfARequestFourAtATime() throws Exception {
        FakeClassifier counting = FakeClassifier.instant();
        Http.Multipart form = new Http.Multipart();
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            form.file("file", "f" + i + ".png", "image/png", png(20 + i));
            names.add("f" + i + ".png");
        }
        try (TriageServer s = TriageServer.start(counting, options().build())) {
            Http.Reply reply = new Http(s.uri()).post("/v1/classify", form.contentType(), form.bytes());
            assertEquals(200, reply.status(), reply.raw().body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) reply.json().get("results");
            assertEquals(names, results.stream().map(r -> r.get("file")).toList());
        }
        // The core batch path would take 8 at once; the service hands it four, so a request holds at most
        // four decoded images.
        assertTrue(counting.largestBatch() >= 1 && counting.largestBatch() <= 4, "largest batch "
                + counting.largestBatch());
    }

    @Test
    void rejectsAnEmptyBody() {
        assertError(http.post("/v1/classify", "image/png", new byte[0]), 400, "empty request body");
    }

    @Test
    void rejectsATextContentTypeWith415() {
        assertError(http.post("/v1/classify", "text/plain; charset=utf-8", "hello".getBytes(StandardCharsets.UTF_8)),
                415, "text/plain");
    }

    @Test
    void rejectsTextSentAsAnImageWith400NamingTheInput() {
        assertError(http.post("/v1/classify", "image/png", "hello, not a PNG".getBytes(StandardCharsets.UTF_8)),
                400, ImageEndpoint.BODY_NAME + ":");
    }

    @Test
    void rejectsAnImageOverThePixelLimit() {
        byte[] big = TestImages.encode(TestImages.gray8(100, 100, (x, y) -> x), "png");
        assertTrue(big.length < MAX_BODY, "the body itself is within limits");
        assertError(http.post("/v1/classify", "image/png", big), 400, Long.toString(MAX_PIXELS));
    }

    @Test
    void rejectsAnOversizedBodyWith413() {
        assertError(http.post("/v1/classify", "image/png", new byte[MAX_BODY + 4096]), 413, "at most " + MAX_BODY);
    }

    @Test
    void rejectsAnOversizedChunkedBodyWith413() {
        HttpRequest.Builder chunked = HttpRequest.newBuilder(server.uri().resolve("/v1/classify"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[MAX_BODY + 4096])));
        assertError(http.send(chunked), 413, "at most " + MAX_BODY);
    }

    @Test
    void refusesADeclaredBodyOverTheDefault32MiBWithoutReadingIt() throws Exception {
        try (TriageServer defaults = TriageServer.start(FAKE, options().build())) {
            assertEquals(32 << 20, defaults.options().maxBodyBytes());
            String reply = new Http(defaults.uri()).raw("POST /v1/classify HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: image/png\r\nContent-Length: " + ((32 << 20) + 1) + "\r\n\r\n");
            assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
            assertTrue(reply.contains("found " + ((32 << 20) + 1)), reply);
        }
    }

    @Test
    void rejectsMalformedMultipartWith400() {
        byte[] truncated = Arrays.copyOf(new Http.Multipart().file("file", "a.png", "image/png", png(6)).bytes(), 300);
        assertError(http.post("/v1/classify", "multipart/form-data; boundary=----covidxray-test-boundary-7f3a",
                truncated), 400, "malformed");
        assertError(http.post("/v1/classify", "multipart/form-data", png(6)), 400, "boundary");
        Http.Multipart fieldsOnly = new Http.Multipart().field("note", "no files here");
        assertError(http.post("/v1/classify", fieldsOnly.contentType(), fieldsOnly.bytes()), 400, "no file parts");
    }

    @Test
    void answersWrongMethodsWith405AndAllow() {
        Http.Reply get = http.get("/v1/classify");
        assertError(get, 405, "GET");
        assertEquals("POST", get.raw().headers().firstValue("Allow").orElseThrow());
        Http.Reply post = http.post("/health", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertError(post, 405, "POST");
        assertEquals("GET", post.raw().headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void answersUnknownPathsWith404() {
        assertError(http.get("/v2/classify"), 404, "/v2/classify");
        assertError(http.post("/v1/classify/extra", "image/png", png(7)), 404, "/v1/classify/extra");
    }

    @Test
    void describesTheModel() {
        Http.Reply reply = http.get("/v1/model");
        assertEquals(200, reply.status(), reply.raw().body());
        Map<String, Object> json = reply.json();
        assertEquals("fake-mean", json.get("name"));
        assertEquals("9.9.9", json.get("version"));
        assertEquals(FakeClassifier.LABELS, json.get("labels"));
        assertEquals("Fake", json.get("engine"));
        assertEquals(Map.of("label", "covid", "threshold", 0.4, "target_sensitivity", 0.95),
                json.get("operating_point"), "NaN figures are left out");
        assertEquals(FAKE.card().intendedUse(), json.get("intended_use"));
        assertEquals(CovidXrayCli.DISCLAIMER, json.get("disclaimer"));
    }

    @Test
    void reportsHealth() {
        Http.Reply reply = http.get("/health");
        assertEquals(200, reply.status());
        assertEquals("ok", reply.json().get("status"));
        assertNotNull(reply.json().get("queued"));
    }

    @Test
    void concurrentClientsGetTheSameAnswersAsSequentialCalls() throws Exception {
        List<byte[]> images = new ArrayList<>();
        List<Map<String, Object>> sequential = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(png(100 + i));
            sequential.add(withoutEnvelope(http.post("/v1/classify", "image/png", images.get(i)).json()));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Map<String, Object>>>> runs = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                runs.add(clients.submit(() -> {
                    List<Map<String, Object>> answers = new ArrayList<>();
                    for (int r = 0; r < 25; r++) {
                        Http.Reply reply = http.post("/v1/classify", "image/png", images.get((client + r) % 5));
                        assertEquals(200, reply.status(), reply.raw().body());
                        answers.add(withoutEnvelope(reply.json()));
                    }
                    return answers;
                }));
            }
            for (int c = 0; c < 8; c++) {
                List<Map<String, Object>> answers = runs.get(c).get();
                for (int r = 0; r < 25; r++) {
                    assertEquals(sequential.get((c + r) % 5), answers.get(r), "client " + c + " request " + r);
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void answers503WhenTheQueueIsFullInsteadOfWaiting() throws Exception {
        FakeClassifier slow = FakeClassifier.blocking();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (TriageServer busy = TriageServer.start(slow, options().optMaxConcurrent(1).optMaxQueued(1).build())) {
            Http h = new Http(busy.uri());
            Future<Http.Reply> running = clients.submit(() -> h.post("/v1/classify", "image/png", png(8)));
            await(() -> slow.waiting() == 1);
            Future<Http.Reply> queued = clients.submit(() -> h.post("/v1/classify", "image/png", png(9)));
            await(() -> busy.queued() == 1);
            Http.Reply refused = h.post("/v1/classify", "image/png", png(10));
            assertError(refused, 503, "busy");
            assertTrue(refused.raw().headers().firstValue("Retry-After").isPresent());
            slow.release();
            assertEquals(200, running.get().status());
            assertEquals(200, queued.get().status());
        } finally {
            slow.release();
            clients.shutdownNow();
        }
    }

    @Test
    void answers503WhenClassificationOutlivesTheRequestTimeout() throws Exception {
        FakeClassifier stuck = FakeClassifier.blocking();
        try (TriageServer s = TriageServer.start(stuck, options().optRequestTimeout(Duration.ofMillis(200)).build())) {
            assertError(new Http(s.uri()).post("/v1/classify", "image/png", png(11)), 503, "timeout");
        } finally {
            stuck.release();
        }
    }

    @Test
    void shutdownFinishesRequestsInFlightAndRefusesNewOnes() throws Exception {
        FakeClassifier slow = FakeClassifier.blocking();
        ExecutorService clients = Executors.newFixedThreadPool(1);
        TriageServer s = TriageServer.start(slow, options().build());
        try {
            Http h = new Http(s.uri());
            byte[] image = png(12);
            Future<Http.Reply> inFlight = clients.submit(() -> h.post("/v1/classify", "image/png", image));
            await(() -> slow.waiting() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
            await(() -> h.get("/health").status() == 503);
            assertError(h.post("/v1/classify", "image/png", image), 503, "shutting down");
            assertFalse(closing.isDone(), "close waits for the request in flight");
            slow.release();
            Http.Reply finished = inFlight.get();
            assertEquals(200, finished.status(), finished.raw().body());
            assertEquals(expected(ImageEndpoint.BODY_NAME, image), withoutEnvelope(finished.json()));
            closing.get();
            assertThrows(UncheckedIOException.class, () -> h.get("/health"), "the port is closed");
        } finally {
            slow.release();
            s.close();
            clients.shutdownNow();
        }
    }

    /** Waits for a condition another thread brings about; fails after a generous bound instead of hanging. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
