package io.github.covidxray.cli;

import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.OperatingPoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a prediction shared by {@code classify --json} and the HTTP service: {@code file},
 * {@code label}, {@code confidence}, {@code scores} (label to probability, model order) and, only when the
 * model has an operating point, {@code flagged}; then {@code out_of_distribution} and {@code ood_score} (higher =
 * more unusual; {@code null} when the model has no out-of-distribution gate). Stateless and thread-safe.
 */
public final class PredictionJson {

    private PredictionJson() {}

    /**
     * @param file the input's name
     * @param prediction its prediction
     * @return an ordered map ready for Jackson
     */
    public static Map<String, Object> of(String file, Prediction prediction) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("label", prediction.label());
        json.put("confidence", prediction.confidence());
        json.put("scores", prediction.scores());
        if (prediction.operatingPoint() != null) {
            json.put("flagged", prediction.flagged());
        }
        json.put("out_of_distribution", prediction.outOfDistribution());
        // NaN (no OOD statistics) is not a JSON number: null says "not measured".
        json.put("ood_score", Double.isFinite(prediction.oodScore()) ? prediction.oodScore() : null);
        return json;
    }

    /**
     * @param file the input's name
     * @param problem why it could not be classified
     * @return {@code {"file": ..., "error": ...}}
     */
    public static Map<String, Object> error(String file, String problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("error", problem);
        return json;
    }

    /**
     * The model card facts a user of the predictions needs: identity, labels, threshold, intended use.
     *
     * @param card the card
     * @param engine the engine running the model
     * @return an ordered map ready for Jackson
     */
    public static Map<String, Object> model(ModelCard card, String engine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", card.name());
        json.put("version", card.version());
        json.put("architecture", card.architecture());
        json.put("engine", engine);
        json.put("labels", card.labels());
        if (card.operatingPoint() != null) {
            json.put("operating_point", operatingPoint(card.operatingPoint()));
        }
        json.put("intended_use", card.intendedUse());
        json.put("provenance", card.provenance());
        return json;
    }

    private static Map<String, Object> operatingPoint(OperatingPoint point) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", point.label());
        json.put("threshold", point.threshold());
        // NaN means "not measured": leave it out rather than emit a non-JSON number.
        putIfFinite(json, "target_sensitivity", point.targetSensitivity());
        putIfFinite(json, "sensitivity", point.sensitivity());
        putIfFinite(json, "specificity", point.specificity());
        return json;
    }

    private static void putIfFinite(Map<String, Object> json, String key, double value) {
        if (Double.isFinite(value)) {
            json.put(key, value);
        }
    }
}
