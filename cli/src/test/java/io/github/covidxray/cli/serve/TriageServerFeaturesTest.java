package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Explanations, out-of-distribution results, request ids, metrics and the model description. */
class TriageServerFeaturesTest {

    private static final FakeClassifier FAKE = FakeClassifier.instant().flaggingOod("photo");
    private static TriageServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = TriageServer.start(FAKE, ServerOptions.builder().optPort(0).build());
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] png(long seed) {
        return TestImages.encode(TestImages.chestLike(96, 64, seed), "png");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Http.Reply reply) {
        assertEquals(200, reply.status(), reply.raw().body());
        return (List<Map<String, Object>>) reply.json().get("results");
    }

    @Test
    void explainsEachImageWithItsHeatmapAndAnOverlayPng() throws Exception {
        byte[] image = png(3);
        Http.Multipart form = new Http.Multipart().file("file", "chest.png", "image/png", image)
                .file("file", "notes.txt", "text/plain", "not an image".getBytes(StandardCharsets.UTF_8));
        List<Map<String, Object>> results = results(http.post("/v1/explain", form.contentType(), form.bytes()));
        Map<String, Object> chest = results.get(0);
        XrayImage decoded = XrayImage.read(image, "chest.png");
        assertEquals("chest.png", chest.get("file"));
        assertEquals(FAKE.expected(decoded).label(), chest.get("label"));
        assertEquals("OCCLUSION", chest.get("method"));
        @SuppressWarnings("unchecked")
        Map<String, Object> heatmap = (Map<String, Object>) chest.get("heatmap");
        Heatmap expected = FAKE.explain(decoded).heatmap();
        assertEquals(expected.rows(), heatmap.get("rows"));
        assertEquals(expected.cols(), heatmap.get("cols"));
        @SuppressWarnings("unchecked")
        List<List<Number>> values = (List<List<Number>>) heatmap.get("values");
        assertEquals(expected.rows(), values.size());
        for (int r = 0; r < expected.rows(); r++) {
            for (int c = 0; c < expected.cols(); c++) {
                assertEquals(expected.value(r, c), values.get(r).get(c).floatValue(), 1e-6, "cell " + r + "," + c);
            }
        }
        BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) chest.get("overlay_png"))));
        assertNotNull(overlay, "overlay_png is a PNG");
        assertTrue(overlay.getWidth() >= 64 && overlay.getHeight() >= 64, overlay.toString());
        assertTrue(((String) results.get(1).get("error")).contains("notes.txt"), results.get(1).toString());
    }

    @Test
    void carriesTheOutOfDistributionResultAndNullForAMissingScore() throws Exception {
        Http.Multipart form = new Http.Multipart().file("file", "photo.png", "image/png", png(4))
                .file("file", "xray.png", "image/png", png(5));
        List<Map<String, Object>> results = results(http.post("/v1/classify", form.contentType(), form.bytes()));
        assertEquals(true, results.get(0).get("out_of_distribution"));
        assertEquals(9.0, results.get(0).get("ood_score"));
        assertEquals(false, results.get(1).get("out_of_distribution"));

        try (TriageServer plain = TriageServer.start(FakeClassifier.instant(),
                ServerOptions.builder().optPort(0).build())) {
            Http.Reply reply = new Http(plain.uri()).post("/v1/classify", "image/png", png(6));
            assertEquals(200, reply.status(), reply.raw().body());
            assertTrue(reply.raw().body().contains("\"ood_score\":null"), "NaN is sent as null: " + reply.raw().body());
            assertEquals(false, reply.json().get("out_of_distribution"));
        }
    }

    @Test
    void putsARequestIdInTheHeaderAndBodyOfEveryResponse() {
        Http.Reply ok = http.post("/v1/classify", "image/png", png(7));
        String id = ok.raw().headers().firstValue(Exchange.REQUEST_ID_HEADER).orElseThrow();
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(id, ok.json().get("request_id"));
        Http.Reply other = http.get("/health");
        assertFalse(id.equals(other.json().get("request_id")), "each request has its own id");
        Http.Reply error = http.get("/nowhere");
        assertEquals(404, error.status());
        assertEquals(error.raw().headers().firstValue(Exchange.REQUEST_ID_HEADER).orElseThrow(),
                error.json().get("request_id"));
        Http.Reply given = http.send(HttpRequest.newBuilder(server.uri().resolve("/health"))
                .header(Exchange.REQUEST_ID_HEADER, "client-trace.42").GET());
        assertEquals("client-trace.42", given.json().get("request_id"), "a plain client id is kept");
        Http.Reply unsafe = http.send(HttpRequest.newBuilder(server.uri().resolve("/health"))
                .header(Exchange.REQUEST_ID_HEADER, "<script>").GET());
        assertFalse("<script>".equals(unsafe.json().get("request_id")), "an unsafe one is replaced");
    }

    @Test
    void countsRequestsLatencyImagesAndOutOfDistributionInPrometheusText() {
        double classifiedBefore = metric(scrape(), "covidxray_images_classified_total");
        double oodBefore = metric(scrape(), "covidxray_images_out_of_distribution_total");
        double okBefore = metric(scrape(), "covidxray_http_requests_total{endpoint=\"/v1/classify\",status=\"200\"}");
        Http.Multipart form = new Http.Multipart().file("file", "photo.png", "image/png", png(8))
                .file("file", "a.png", "image/png", png(9)).file("file", "b.png", "image/png", png(10));
        results(http.post("/v1/classify", form.contentType(), form.bytes()));
        http.post("/v1/classify", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        String text = scrape();
        assertEquals(classifiedBefore + 3, metric(text, "covidxray_images_classified_total"));
        assertEquals(oodBefore + 1, metric(text, "covidxray_images_out_of_distribution_total"));
        assertEquals(okBefore + 1,
                metric(text, "covidxray_http_requests_total{endpoint=\"/v1/classify\",status=\"200\"}"));
        assertTrue(metric(text, "covidxray_http_requests_total{endpoint=\"/v1/classify\",status=\"415\"}") >= 1);
        double count = metric(text, "covidxray_http_request_duration_seconds_count{endpoint=\"/v1/classify\"}");
        assertEquals(count, metric(text,
                "covidxray_http_request_duration_seconds_bucket{endpoint=\"/v1/classify\",le=\"+Inf\"}"));
        assertTrue(text.contains("# TYPE covidxray_http_request_duration_seconds histogram"));
        assertEquals(0, metric(text, "covidxray_queue_depth"));
        assertTrue(text.contains("# TYPE covidxray_queue_depth gauge"));
    }

    private static String scrape() {
        Http.Reply reply = http.send(HttpRequest.newBuilder(server.uri().resolve("/metrics")).GET());
        assertEquals(200, reply.status());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        return reply.raw().body();
    }

    private static double metric(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void describesTheModelWithoutLocalPaths() {
        assertEquals("train", ModelInfo.withoutLocalPaths("/home/alice/data/cxr/train/"));
        assertEquals("model.onnx", ModelInfo.withoutLocalPaths("C:\\Users\\bob\\model.onnx"));
        assertEquals(Map.of("data", "manifest.csv", "epochs", 3, "split", List.of("val", "a.csv")),
                ModelInfo.withoutLocalPaths(Map.of("data", "/srv/x/manifest.csv", "epochs", 3,
                        "split", List.of("val", "~/a.csv"))));
        assertEquals("covid vs normal", ModelInfo.withoutLocalPaths("covid vs normal"));
        assertEquals("covid-xray train --data cxr --manifest manifest.csv --out b (see https://example.org/a/b, 1/2)",
                ModelInfo.withoutLocalPaths("./covid-xray train --data ../shared/data/cxr --manifest "
                        + "../shared/data/cxr/manifest.csv --out /tmp/b (see https://example.org/a/b, 1/2)"));
    }

    @Test
    void servesThePageAndTheModelCardFromTheJar() {
        Http.Reply page = http.send(HttpRequest.newBuilder(server.uri().resolve("/")).GET());
        assertEquals(200, page.status());
        assertTrue(page.raw().body().contains("Research use only"), "the page carries the notice");
        assertTrue(page.raw().body().contains("href=\"/model-card\""));
        assertFalse(page.raw().body().contains("http://") || page.raw().body().contains("https://"),
                "no external resources");
        Http.Reply card = http.send(HttpRequest.newBuilder(server.uri().resolve("/model-card")).GET());
        assertEquals(200, card.status());
        assertTrue(card.raw().body().contains("fake-mean"), card.raw().body());
        assertTrue(card.raw().body().contains("Research use only"));
        Http.Reply js = http.send(HttpRequest.newBuilder(server.uri().resolve("/app.js")).GET());
        assertTrue(js.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
    }
}
