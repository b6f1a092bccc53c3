package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.core.ClassificationOutcome;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.ImageHeader;
import io.github.covidxray.core.ImageSource;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.explain.ExplanationOverlay;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/classify} and {@code POST /v1/explain}: the body is one image (PNG, JPEG, DICOM, ...; any
 * {@code image/*}, {@code application/dicom} or {@code application/octet-stream}, recognised by content), or
 * {@code multipart/form-data} with one or more files (Jetty's parser, within the part and size limits).
 *
 * <p>Each step is budgeted before it allocates: the declared body size against the body budget, then every
 * image's size from its header (no pixel decoded) against the per-image, per-request and in-flight pixel
 * budgets. Images are read with the model's own read options through core ({@link ImageSource}) and
 * classified a few at a time, so decoded pixels do not pile up. Thread-safe.
 */
final class ImageEndpoint {

    /** What the endpoint answers. */
    enum Mode { CLASSIFY, EXPLAIN }

    /** The name reported for a raw body when the client sends no {@code X-Filename} header. */
    static final String BODY_NAME = "body";

    private static final Logger LOG = LoggerFactory.getLogger(ImageEndpoint.class);
    private static final int MAX_PARTS = 64;
    /** Images decoded and classified together: enough for a batched forward pass, few enough to stay small. */
    private static final int CHUNK = 4;
    private static final Set<String> RAW_TYPES = Set.of("application/octet-stream", "application/dicom");

    private final CovidClassifier classifier;
    private final ServerOptions options;
    private final WorkQueue work;
    private final ServiceMetrics metrics;
    private final Budget bodyBytes;
    private final Budget pixels;
    private final MultiPartConfig multipart;
    private final Map<String, Object> modelSummary;

    ImageEndpoint(CovidClassifier classifier, ServerOptions options, WorkQueue work, ServiceMetrics metrics) {
        this.classifier = classifier;
        this.options = options;
        this.work = work;
        this.metrics = metrics;
        this.bodyBytes = new Budget("bytes", options.maxInFlightBodyBytes());
        this.pixels = new Budget("pixels", options.maxInFlightPixels());
        // Parts stay in memory: the body budget has already reserved room for the whole body.
        this.multipart = new MultiPartConfig.Builder().maxParts(MAX_PARTS).maxSize(options.maxBodyBytes())
                .maxPartSize(options.maxBodyBytes()).maxMemoryPartSize(options.maxBodyBytes())
                .maxHeadersSize(8 * 1024).build();
        this.modelSummary = Map.of("name", classifier.card().name(), "version", classifier.card().version());
    }

    long pixelsReserved() {
        return pixels.used();
    }

    /** An uploaded file: its name and encoded bytes. */
    private record Upload(String name, byte[] bytes) {}

    /** An upload whose header was read: its size, or why it cannot be read. */
    private record Probed(Upload upload, ImageHeader header, String problem) {}

    void handle(Exchange exchange, Mode mode) {
        TriageHandler.requireMethod(exchange, "POST");
        Request request = exchange.request();
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        Map<String, String> params = new HashMap<>();
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream"
                : HttpField.getValueParameters(contentType, params).trim().toLowerCase(java.util.Locale.ROOT);
        boolean isMultipart = type.equals("multipart/form-data");
        if (!isMultipart && !RAW_TYPES.contains(type) && !type.startsWith("image/")) {
            throw new HttpProblem(415, "unsupported Content-Type '" + type + "': expected an image "
                    + "(image/png, image/jpeg, application/dicom, application/octet-stream) or multipart/form-data");
        }
        if (isMultipart && (params.get("boundary") == null || params.get("boundary").isBlank())) {
            throw HttpProblem.badRequest("multipart/form-data without a boundary parameter: send "
                    + "'Content-Type: multipart/form-data; boundary=...'");
        }
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > options.maxBodyBytes()) {
            throw tooLarge(declared + " (Content-Length)");
        }
        if (declared == 0) {
            throw HttpProblem.badRequest("empty request body: expected image bytes or multipart/form-data with files");
        }
        Budget.Reservation body = bodyBytes.reserve(declared > 0 ? declared : options.maxBodyBytes(),
                "the request body");
        CompletableFuture<List<Upload>> uploads;
        try {
            uploads = isMultipart ? readParts(request, contentType) : readRaw(request, exchange);
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
        uploads.orTimeout(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((files, failure) -> {
            if (failure != null) {
                body.close();
                exchange.sendProblem(readProblem(request, unwrap(failure)));
                return;
            }
            try {
                classify(exchange, mode, files, isMultipart, body);
            } catch (HttpProblem problem) {
                body.close();
                exchange.sendProblem(problem);
            } catch (RuntimeException e) {
                body.close();
                exchange.withMdc(() -> LOG.error("[{}] failed", exchange.id(), e));
                exchange.sendProblem(new HttpProblem(500, "internal error: " + e));
            }
        });
    }

    private CompletableFuture<List<Upload>> readRaw(Request request, Exchange exchange) {
        String name = request.getHeaders().get("X-Filename");
        String bodyName = name == null || name.isBlank() ? BODY_NAME : name;
        return Content.Source.asByteArrayAsync(request, options.maxBodyBytes())
                .thenApply(bytes -> List.of(new Upload(bodyName, bytes)));
    }

    private CompletableFuture<List<Upload>> readParts(Request request, String contentType) {
        return MultiPartFormData.from(request, request, contentType, multipart).thenApply(parts -> {
            try (parts) {
                List<Upload> files = new ArrayList<>();
                for (MultiPart.Part part : parts) {
                    String filename = part.getFileName();
                    if (filename == null) {
                        continue; // plain form fields carry no image
                    }
                    ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                    byte[] bytes = new byte[content.remaining()];
                    content.get(bytes);
                    files.add(new Upload(filename.isBlank() ? part.getName() : filename, bytes));
                }
                return files;
            } catch (java.io.IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private HttpProblem readProblem(Request request, Throwable failure) {
        if (failure instanceof HttpProblem problem) {
            return problem;
        }
        if (failure instanceof TimeoutException) {
            return new HttpProblem(408, "request body not received within " + options.readTimeout().toSeconds()
                    + " s: send the whole body promptly");
        }
        long read = Request.getContentBytesRead(request);
        if (read > options.maxBodyBytes() || String.valueOf(failure.getMessage()).toLowerCase().contains("max")) {
            return tooLarge(read > options.maxBodyBytes() ? Long.toString(read) : "more");
        }
        return HttpProblem.badRequest("malformed request body: " + failure.getMessage());
    }

    private HttpProblem tooLarge(String found) {
        return HttpProblem.tooLarge("request body too large: expected at most " + options.maxBodyBytes()
                + " bytes, found " + found);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Probes every upload's header, reserves the pixels, then classifies on the work queue. */
    private void classify(Exchange exchange, Mode mode, List<Upload> files, boolean isMultipart,
            Budget.Reservation body) {
        if (files.isEmpty()) {
            throw HttpProblem.badRequest("multipart body has no file parts: send each image as a form-data part "
                    + "with a filename (curl -F file=@chest.png)");
        }
        if (!isMultipart && files.get(0).bytes().length == 0) {
            throw HttpProblem.badRequest("empty request body: expected image bytes or multipart/form-data with files");
        }
        List<Probed> probed = new ArrayList<>(files.size());
        long total = 0;
        for (Upload upload : files) {
            Probed p = probe(upload);
            if (!isMultipart && p.problem() != null) {
                throw HttpProblem.badRequest(p.problem());
            }
            probed.add(p);
            total += p.header() != null ? p.header().pixels() : 0;
        }
        if (total > options.maxRequestPixels()) {
            throw HttpProblem.tooLarge("the images of this request declare " + total + " pixels, more than the "
                    + options.maxRequestPixels() + " one request may decode: send fewer or smaller images per request");
        }
        Budget.Reservation reserved = pixels.reserve(total, "the images' decoded pixels");
        CompletableFuture<Map<String, Object>> answer;
        try {
            answer = work.submit(() -> {
                try {
                    return mode == Mode.CLASSIFY ? classifyAll(exchange, probed, isMultipart)
                            : explainAll(exchange, probed, isMultipart);
                } finally {
                    reserved.close();
                    body.close();
                }
            }, options.requestTimeout());
        } catch (HttpProblem busy) {
            reserved.close();
            throw busy;
        }
        answer.whenComplete((json, failure) -> {
            if (failure == null) {
                Map<String, Object> response = new LinkedHashMap<>(json);
                response.put("model", modelSummary);
                response.put("disclaimer", CovidXrayCli.DISCLAIMER);
                exchange.sendJson(200, response);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
                exchange.sendProblem(HttpProblem.unavailable(
                        "classification did not finish within the request timeout; retry later"));
            } else if (cause instanceof HttpProblem problem) {
                exchange.sendProblem(problem);
            } else {
                exchange.withMdc(() -> LOG.error("[{}] classification failed", exchange.id(), cause));
                exchange.sendProblem(new HttpProblem(500, "internal error: " + cause));
            }
        });
    }

    private Probed probe(Upload upload) {
        try {
            ImageHeader header = ImageHeader.probe(upload.bytes(), upload.name());
            if (header.pixels() > options.maxPixels()) {
                return new Probed(upload, null, upload.name() + ": " + header.format() + " image of "
                        + header.width() + "x" + header.height() + " exceeds the limit of " + options.maxPixels()
                        + " pixels");
            }
            return new Probed(upload, header, null);
        } catch (InvalidImageException e) {
            return new Probed(upload, null, e.getMessage());
        }
    }

    /** One image's JSON, and the status a raw body answers with when it is the request's only image. */
    private record Result(Map<String, Object> json, int status) {
        static Result ok(Map<String, Object> json) {
            return new Result(json, 200);
        }

        static Result failed(String name, String problem, int status) {
            return new Result(PredictionJson.error(name, problem), status);
        }
    }

    private Map<String, Object> classifyAll(Exchange exchange, List<Probed> probed, boolean isMultipart) {
        // Each file's result goes to its own slot: files refused from their headers answer at once, the rest
        // when their chunk is classified, and the answer lists them in the order they were sent.
        Result[] results = new Result[probed.size()];
        List<Integer> chunk = new ArrayList<>(CHUNK);
        for (int i = 0; i <= probed.size(); i++) {
            boolean last = i == probed.size();
            if (!last && probed.get(i).problem() != null) {
                results[i] = Result.failed(probed.get(i).upload().name(), probed.get(i).problem(), 400);
            } else if (!last) {
                chunk.add(i);
            }
            if (!chunk.isEmpty() && (last || chunk.size() == CHUNK)) {
                List<ClassificationOutcome> outcomes = classifier.classifyAll(chunk.stream().map(probed::get)
                        .map(p -> ImageSource.of(p.upload().bytes(), p.upload().name())).toList());
                for (int k = 0; k < chunk.size(); k++) {
                    ClassificationOutcome o = outcomes.get(k);
                    results[chunk.get(k)] = o.ok() ? Result.ok(PredictionJson.of(o.input(), o.prediction()))
                            : Result.failed(o.input(), o.error(), o.failure() instanceof InvalidImageException ? 400 : 500);
                }
                chunk.clear();
            }
        }
        return answer(List.of(results), isMultipart);
    }

    private Map<String, Object> explainAll(Exchange exchange, List<Probed> probed, boolean isMultipart) {
        List<Result> results = new ArrayList<>(probed.size());
        for (Probed p : probed) {
            String name = p.upload().name();
            if (p.problem() != null) {
                results.add(Result.failed(name, p.problem(), 400));
                continue;
            }
            try {
                XrayImage image = ImageSource.of(p.upload().bytes(), name).read(classifier.readOptions());
                results.add(Result.ok(explanationJson(name, image, classifier.explain(image))));
            } catch (InvalidImageException e) {
                results.add(Result.failed(name, e.getMessage(), 400));
            } catch (UnsupportedOperationException e) {
                results.add(Result.failed(name, name + ": this model cannot explain its answers: " + e.getMessage(), 501));
            } catch (ai.djl.translate.TranslateException | RuntimeException e) {
                if (e instanceof IllegalStateException closed) {
                    throw closed;
                }
                exchange.withMdc(() -> LOG.warn("[{}] explaining an image failed: {}", exchange.id(), e.toString()));
                results.add(Result.failed(name, name + ": the model failed on this image: " + e.getMessage(), 500));
            }
        }
        return answer(results, isMultipart);
    }

    /** Counts the images and shapes the answer: every result for a form, the one result (or its error) for a body. */
    private Map<String, Object> answer(List<Result> results, boolean isMultipart) {
        int ok = 0;
        int ood = 0;
        for (Result r : results) {
            if (r.status() == 200) {
                ok++;
                ood += Boolean.TRUE.equals(r.json().get("out_of_distribution")) ? 1 : 0;
            }
        }
        metrics.images(ok, results.size() - ok, ood);
        if (isMultipart) {
            return Map.of("results", results.stream().map(Result::json).toList());
        }
        Result only = results.get(0);
        if (only.status() != 200) {
            throw new HttpProblem(only.status(), (String) only.json().get("error"));
        }
        return only.json();
    }

    private static Map<String, Object> explanationJson(String name, XrayImage image, Explanation explanation) {
        Map<String, Object> json = PredictionJson.of(name, explanation.prediction());
        json.put("explained_label", explanation.explainedLabel());
        json.put("method", explanation.method().name());
        Heatmap heatmap = explanation.heatmap();
        float[][] rows = new float[heatmap.rows()][heatmap.cols()];
        for (int r = 0; r < heatmap.rows(); r++) {
            for (int c = 0; c < heatmap.cols(); c++) {
                rows[r][c] = heatmap.value(r, c);
            }
        }
        json.put("heatmap", Map.of("rows", heatmap.rows(), "cols", heatmap.cols(), "values", rows));
        json.put("overlay_png", Base64.getEncoder().encodeToString(ExplanationOverlay.png(image, explanation)));
        return json;
    }
}
