package io.github.covidxray.cli.serve;

import ai.djl.translate.TranslateException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/classify}: the body is one image (PNG, JPEG, DICOM, ...; any {@code image/*},
 * {@code application/dicom} or {@code application/octet-stream}, recognised by content), or
 * {@code multipart/form-data} with one or more files. Decoding and classification run on the
 * {@link WorkQueue}, within the request timeout. Thread-safe.
 */
final class ClassifyHandler implements HttpHandler {

    /** The name reported for a raw body when the client sends no {@code X-Filename} header. */
    static final String BODY_NAME = "body";

    private static final int MAX_PARTS = 64;
    private static final Set<String> RAW_TYPES = Set.of("application/octet-stream", "application/dicom");

    private final CovidClassifier classifier;
    private final ServerOptions options;
    private final ReadOptions readOptions;
    private final WorkQueue work;
    private final Map<String, Object> modelSummary;
    private final MultipartParser multipart = new MultipartParser(MAX_PARTS);

    ClassifyHandler(CovidClassifier classifier, ServerOptions options, WorkQueue work) {
        this.classifier = classifier;
        this.options = options;
        // Read images the way the model was trained to see them (DICOM VOI window or not), within the limit.
        this.readOptions = classifier.card().preprocessing().readOptions().toBuilder()
                .optMaxPixels(options.maxPixels()).build();
        this.work = work;
        this.modelSummary = Map.of("name", classifier.card().name(), "version", classifier.card().version());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long deadline = System.nanoTime() + options.requestTimeout().toNanos();
        Routes.requireMethod(exchange, "POST");
        HeaderValue type = contentType(exchange);
        boolean isMultipart = type.value().equals("multipart/form-data");
        if (!isMultipart && !RAW_TYPES.contains(type.value()) && !type.value().startsWith("image/")) {
            throw new HttpProblem(415, "unsupported Content-Type '" + type.value() + "': expected an image "
                    + "(image/png, image/jpeg, application/dicom, application/octet-stream) or multipart/form-data");
        }
        byte[] body = Exchanges.readBody(exchange, options.maxBodyBytes());
        if (body.length == 0) {
            throw HttpProblem.badRequest("empty request body: expected image bytes or multipart/form-data with files");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (isMultipart) {
            List<Upload> uploads = files(body, type.param("boundary"));
            response.put("results", work.call(() -> classifyAll(uploads), deadline));
        } else {
            Upload upload = new Upload(bodyName(exchange), body);
            response.putAll(work.call(() -> classifyOne(upload), deadline));
        }
        response.put("model", modelSummary);
        response.put("disclaimer", CovidXrayCli.DISCLAIMER);
        Exchanges.sendJson(exchange, 200, response);
    }

    private static HeaderValue contentType(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Type");
        if (header == null || header.isBlank()) {
            return new HeaderValue("application/octet-stream", Map.of());
        }
        try {
            return HeaderValue.parse(header);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("malformed Content-Type: " + e.getMessage());
        }
    }

    private static String bodyName(HttpExchange exchange) {
        String name = exchange.getRequestHeaders().getFirst("X-Filename");
        return name == null || name.isBlank() ? BODY_NAME : name.strip();
    }

    private List<Upload> files(byte[] body, String boundary) {
        List<MultipartPart> parts;
        try {
            parts = multipart.parse(body, boundary);
        } catch (MultipartParser.MultipartException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        List<Upload> uploads = new ArrayList<>();
        for (MultipartPart part : parts) {
            if (part.isFile()) { // plain form fields carry no image: ignored
                uploads.add(new Upload(part.filename().isBlank() ? part.name() : part.filename(), part.content()));
            }
        }
        if (uploads.isEmpty()) {
            throw HttpProblem.badRequest("multipart body has no file parts: send each image as a form-data part "
                    + "with a filename (curl -F file=@chest.png)");
        }
        return uploads;
    }

    private Map<String, Object> classifyOne(Upload upload) {
        XrayImage image;
        try {
            image = XrayImage.read(upload.bytes(), upload.name(), readOptions);
        } catch (InvalidImageException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        try {
            return PredictionJson.of(upload.name(), classifier.classify(image));
        } catch (TranslateException e) {
            throw new HttpProblem(500, upload.name() + ": the model failed on this image: " + e.getMessage());
        }
    }

    /** Decodes every upload, reports the bad ones, classifies the rest in one call. */
    private List<Map<String, Object>> classifyAll(List<Upload> uploads) {
        List<ClassificationOutcome> outcomes = classifier.classifyAll(uploads.stream()
                .map(u -> ImageSource.of(u.bytes(), u.name())).toList());
        List<Map<String, Object>> results = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            ClassificationOutcome o = outcomes.get(i);
            String name = uploads.get(i).name();
            results.add(o.ok() ? PredictionJson.of(name, o.prediction()) : PredictionJson.error(name, o.error()));
        }
        return results;
    }

    private record Upload(String name, byte[] bytes) {}
}
