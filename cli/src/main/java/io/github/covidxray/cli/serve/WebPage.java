package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.CovidXrayCli;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web page at {@code /}: plain HTML, CSS and JavaScript from the jar (no build step, no external
 * resource), and {@code /model-card}, the served model's card rendered as a page. Loaded once; immutable
 * and thread-safe.
 */
final class WebPage {

    private static final String ROOT = "/io/github/covidxray/cli/serve/web/";

    /** A static file: its media type and bytes. */
    record Asset(String contentType, byte[] bytes) {}

    private final Map<String, Asset> assets = new HashMap<>();

    WebPage(CovidClassifier classifier) {
        Asset index = load("index.html", "text/html; charset=utf-8");
        assets.put("/", index);
        assets.put("/index.html", index);
        assets.put("/app.js", load("app.js", "text/javascript; charset=utf-8"));
        assets.put("/style.css", load("style.css", "text/css; charset=utf-8"));
        assets.put("/model-card", new Asset("text/html; charset=utf-8",
                modelCard(classifier).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param path a request path
     * @return the file served at it, or {@code null}
     */
    Asset asset(String path) {
        return assets.get(path);
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = WebPage.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("web page file " + ROOT + name + " missing from the jar");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String modelCard(CovidClassifier classifier) {
        ModelCard card = classifier.card();
        Map<String, Object> info = ModelInfo.of(classifier);
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Model card: ").append(escape(card.name())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>")
                .append("<p class=\"notice\" role=\"note\">").append(escape(CovidXrayCli.DISCLAIMER)).append("</p>")
                .append("<h1>Model card: ").append(escape(card.name())).append(' ').append(escape(card.version()))
                .append("</h1><dl>");
        for (Map.Entry<String, Object> e : info.entrySet()) {
            html.append("<dt>").append(escape(e.getKey().replace('_', ' '))).append("</dt><dd>");
            describe(html, e.getValue());
            html.append("</dd>");
        }
        html.append("</dl><p><a href=\"/\">Back to the triage page</a></p></main></body></html>\n");
        return html.toString();
    }

    private static void describe(StringBuilder html, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                html.append("none");
                return;
            }
            html.append("<dl>");
            map.forEach((k, v) -> {
                html.append("<dt>").append(escape(String.valueOf(k).replace('_', ' '))).append("</dt><dd>");
                describe(html, v);
                html.append("</dd>");
            });
            html.append("</dl>");
        } else if (value instanceof List<?> list) {
            html.append(escape(String.join(", ", list.stream().map(String::valueOf).toList())));
        } else {
            html.append(escape(String.valueOf(value)));
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
