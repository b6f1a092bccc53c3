package io.github.covidxray.cli.serve;

import io.github.covidxray.cli.PredictionJson;
import io.github.covidxray.core.CovidClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code GET /v1/model} and the model card page tell a client: the card's facts with every local file
 * path in its free-form provenance cut to the file's name, so the service does not reveal the layout (or
 * user names) of the machine it runs on. Stateless and thread-safe.
 */
final class ModelInfo {

    /** Absolute Unix or Windows paths, home-relative paths and file URIs. */
    private static final Pattern LOCAL_PATH = Pattern.compile("^(/|~/|file:|[A-Za-z]:[\\\\/]|\\\\\\\\).*");

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
        if (value instanceof String s && LOCAL_PATH.matcher(s.trim()).matches()) {
            String trimmed = s.trim().replaceAll("[\\\\/]+$", "");
            int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
            return trimmed.substring(cut + 1);
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
}
