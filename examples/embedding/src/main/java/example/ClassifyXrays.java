package example;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.Prediction;
import java.nio.file.Path;

/** Classifies the chest X-rays named on the command line with covid-xray's default model. */
public final class ClassifyXrays {

    /**
     * @param args image files (PNG, JPEG, DICOM, ...)
     * @throws Exception if the model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int failed = 0;
        // Load once and share: the classifier is thread-safe, and loading is the slow part.
        try (CovidClassifier classifier = CovidClassifier.loadDefault()) {
            System.out.println("model " + classifier.card().name() + " " + classifier.card().version());
            for (String file : args) {
                try {
                    Prediction p = classifier.classify(Path.of(file)); // read as the model expects
                    System.out.printf("%s: %s %.3f %s%s%n", file, p.label(), p.confidence(), p.scores(),
                            p.flagged() ? " (flagged for review)" : "");
                } catch (InvalidImageException e) { // names the file and what is wrong with it
                    System.err.println("skipped " + e.getMessage());
                    failed++;
                }
            }
        }
        System.out.println("Research use only: not a medical device, not for diagnosis.");
        System.exit(failed == 0 ? 0 : 1);
    }
}
