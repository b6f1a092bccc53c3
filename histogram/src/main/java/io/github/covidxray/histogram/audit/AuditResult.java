package io.github.covidxray.histogram.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link ShortcutAudit}: for each class, how well a simple linear model tells it apart
 * from the other classes using intensity features only. An immutable value.
 *
 * @param images the number of images
 * @param features the number of features
 * @param folds the number of cross-validation folds used
 * @param groupedByPatient whether folds kept each patient's images together (some patient ids were known)
 * @param perClass the result for each class, in label order
 */
public record AuditResult(int images, int features, int folds, boolean groupedByPatient,
        Map<String, ClassAuc> perClass) {

    /** Copies the map, keeping its order. */
    public AuditResult {
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    /** @return the highest one-vs-rest AUC of any class (NaN when none could be computed) */
    public double maxAuc() {
        return perClass.values().stream().mapToDouble(ClassAuc::auc).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
    }

    /** @return the overall verdict, that of the most separable class */
    public Level level() {
        return Level.of(maxAuc());
    }

    /** @return a plain-language sentence on what the result means */
    public String message() {
        return level().message();
    }

    /**
     * One class against the rest.
     *
     * @param label the class
     * @param positives its number of images
     * @param auc out-of-fold ROC-AUC over all images (each image scored by the model that did not see it);
     *     NaN when the class has too few patients to cross-validate
     * @param foldAucs the AUC within each fold that holds both outcomes, for the spread
     */
    public record ClassAuc(String label, int positives, double auc, List<Double> foldAucs) {
        /** Copies the list. */
        public ClassAuc {
            foldAucs = List.copyOf(foldAucs);
        }

        /** @return the verdict for this class */
        public Level level() {
            return Level.of(auc);
        }
    }

    /** How strongly the AUC suggests a non-clinical shortcut. */
    public enum Level {
        /** AUC below 0.6, or unknown. */
        NONE(0, "Intensity statistics alone barely tell the classes apart: no sign of an intensity shortcut."),
        /** AUC 0.6 to 0.75. */
        WEAK(0.6, "Intensity statistics alone separate the classes somewhat; worth a look at how each class was "
                + "acquired."),
        /** AUC 0.75 to 0.9. */
        MODERATE(0.75, "Intensity statistics alone separate the classes well. A classifier may partly learn "
                + "differences in scanners, hospitals or post-processing instead of disease."),
        /** AUC 0.9 or more. */
        STRONG(0.9, "WARNING: intensity statistics and a 16x16 thumbnail alone almost perfectly separate the "
                + "classes. The classes very likely come from different sources (hospitals, scanners, "
                + "post-processing, text markers), and any classifier trained on this data may learn the source "
                + "rather than the disease. Validate on data from independent sources.");

        private final double threshold;
        private final String message;

        Level(double threshold, String message) {
            this.threshold = threshold;
            this.message = message;
        }

        /** @return the plain-language explanation */
        public String message() {
            return message;
        }

        /** @return the smallest AUC of this level */
        public double threshold() {
            return threshold;
        }

        /**
         * @param auc a ROC-AUC
         * @return its level; {@link #NONE} for NaN
         */
        public static Level of(double auc) {
            Level result = NONE;
            for (Level l : values()) {
                if (auc >= l.threshold) {
                    result = l;
                }
            }
            return result;
        }
    }
}
