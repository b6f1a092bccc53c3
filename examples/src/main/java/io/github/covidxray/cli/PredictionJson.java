package io.github.covidxray.cli;

import io.github.covidxray.core.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON object {@code classify --json} prints per image. */
final class PredictionJson {

    private PredictionJson() {}

    /**
     * @param file the image file
     * @param p its prediction
     * @return {@code file}, {@code label}, {@code confidence}, {@code scores} (label to probability, model
     *     order) and, when the model has an operating point, {@code flagged}
     */
    static Map<String, Object> of(String file, Prediction p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("label", p.label());
        json.put("confidence", p.confidence());
        json.put("scores", p.scores());
        if (p.operatingPoint() != null) {
            json.put("flagged", p.flagged());
        }
        return json;
    }
}
