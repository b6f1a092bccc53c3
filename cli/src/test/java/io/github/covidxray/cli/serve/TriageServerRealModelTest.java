package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.cli.CommonOptions;
import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.cli.testing.TinyBundle;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service end to end with a real (tiny) ONNX model on ONNX Runtime, shared by concurrent requests. */
class TriageServerRealModelTest {

    @TempDir
    Path dir;

    @Test
    void answersAsTheModelDoesUnderConcurrency() throws Exception {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(TestImages.encode(TestImages.chestLike(40 + 16 * i, 64, i), "png"));
        }
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (CovidClassifier classifier = CovidClassifier.load(TinyBundle.write(dir));
             TriageServer server = TriageServer.start(classifier, ServerOptions.builder().optPort(0).build())) {
            List<Map<String, Object>> expected = new ArrayList<>();
            for (byte[] image : images) {
                XrayImage decoded = XrayImage.read(image, ImageEndpoint.BODY_NAME,
                        classifier.card().preprocessing().readOptions());
                expected.add(Http.parse(CommonOptions.JSON.writeValueAsString(
                        PredictionJson.of(ImageEndpoint.BODY_NAME, classifier.classify(decoded)))));
            }
            Http http = new Http(server.uri());
            List<Future<List<Map<String, Object>>>> runs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                runs.add(clients.submit(() -> {
                    List<Map<String, Object>> answers = new ArrayList<>();
                    for (int r = 0; r < 8; r++) {
                        Http.Reply reply = http.post("/v1/classify", "image/png", images.get((client + r) % 4));
                        assertEquals(200, reply.status(), reply.raw().body());
                        Map<String, Object> answer = new java.util.HashMap<>(reply.json());
                        answer.remove("model");
                        answer.remove("disclaimer");
                        answer.remove("request_id");
                        answers.add(answer);
                    }
                    return answers;
                }));
            }
            for (int c = 0; c < 4; c++) {
                List<Map<String, Object>> answers = runs.get(c).get();
                for (int r = 0; r < 8; r++) {
                    assertEquals(expected.get((c + r) % 4), answers.get(r), "client " + c + " request " + r);
                }
            }
            Http.Multipart form = new Http.Multipart().file("file", "a.png", "image/png", images.get(0))
                    .file("file", "b.png", "image/png", images.get(1));
            Http.Reply both = http.post("/v1/classify", form.contentType(), form.bytes());
            assertEquals(200, both.status(), both.raw().body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) both.json().get("results");
            assertEquals(expected.get(0).get("scores"), results.get(0).get("scores"));
            assertEquals(expected.get(1).get("scores"), results.get(1).get("scores"));
            assertEquals("OnnxRuntime", http.get("/v1/model").json().get("engine"));
        } finally {
            clients.shutdownNow();
        }
    }
}
