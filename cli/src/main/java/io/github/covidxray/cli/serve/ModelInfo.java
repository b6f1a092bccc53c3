package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.core.CovidClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /v1/model} and the model card page tell a client: the card's facts with every local file
 * path in its free-form provenance (absolute, home- or dot-relative, Windows, {@code file:}; alone or inside
 * a longer text such as a recorded command) cut to its last name, so the service does not reveal the
 * layout (or user names) of the machines the model was trained and served on. Stateless and thread-safe.
 */
final class ModelInfo {

    /**
     * A path inside any text: starting with {@code /}, {@code ~/}, {@code ./}, {@code ../}, {@code file:} or a
     * drive letter, not preceded by a word character or {@code :} (so URLs and fractions like 1/2 stay).
     */
    private static final Pattern LOCAL_PATH = Pattern.compile(
            "(?<![\\w:./~])(?:file:|[A-Za-z]:(?=[\\\\/])|~|\\.{1,2})?[\\\\/][^\\s\"',;()]*");

    private ModelInfo() {}

    /**
     * @param classifier the served classifier
     * @return the model's facts, paths reduced to file names
     */
    static Map<String, Object> of(CovidClassifier classifier) {
        Map<String, Object> json = PredictionJson.model(classifier.card(), classifier.engine());
        json.put("provenance", withoutLocalPaths(json.get("provenance")));
        return json;
    }

    static Object withoutLocalPaths(Object value) {
        if (value instanceof String s) {
            return LOCAL_PATH.matcher(s).replaceAll(m -> Matcher.quoteReplacement(lastName(m.group())));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), withoutLocalPaths(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ModelInfo::withoutLocalPaths).toList();
        }
        return value;
    }

    private static String lastName(String path) {
        String trimmed = path.replaceAll("[\\\\/]+$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return trimmed.substring(cut + 1);
    }
}
