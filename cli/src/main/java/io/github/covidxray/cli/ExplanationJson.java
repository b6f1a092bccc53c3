package io.github.covidxray.cli;

import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.Heatmap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of an explanation shared by {@code explain --json} and the HTTP service. Stateless and thread-safe. */
public final class ExplanationJson {

    private ExplanationJson() {}

    /**
     * The JSON of one explanation: {@code file}, {@code label}, {@code method}, {@code overlay}, {@code heatmap}
     * ({@code rows}, {@code cols}, {@code values} row by row), and the out-of-distribution result.
     *
     * @param file the input's name
     * @param overlay where the overlay PNG is (a path, or for the HTTP service whatever it puts there)
     * @param e the explanation
     * @return an ordered map ready for Jackson
     */
    public static Map<String, Object> of(String file, String overlay, Explanation e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("label", e.explainedLabel());
        json.put("confidence", e.prediction().probability(e.explainedLabel()));
        json.put("method", e.method().jsonName());
        json.put("overlay", overlay);
        json.put("out_of_distribution", e.prediction().outOfDistribution());
        if (Double.isFinite(e.prediction().oodScore())) {
            json.put("ood_score", e.prediction().oodScore());
        }
        json.put("heatmap", heatmapJson(e.heatmap()));
        return json;
    }

    private static Map<String, Object> heatmapJson(Heatmap map) {
        List<List<Float>> rows = new ArrayList<>();
        for (int r = 0; r < map.rows(); r++) {
            List<Float> row = new ArrayList<>();
            for (int c = 0; c < map.cols(); c++) {
                row.add(map.value(r, c));
            }
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", map.rows());
        json.put("cols", map.cols());
        json.put("values", rows);
        return json;
    }
}
