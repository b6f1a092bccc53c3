package io.github.covidxray.plots;

import io.github.covidxray.core.eval.EvaluationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the standard plots of an {@link EvaluationReport} into a directory. Stateless and thread-safe. */
public final class EvaluationPlots {

    /** File name of the ROC curves. */
    public static final String ROC_FILE = "roc.png";
    /** File name of the confusion matrix. */
    public static final String CONFUSION_FILE = "confusion.png";

    private EvaluationPlots() {}

    /**
     * Writes {@value #ROC_FILE} and {@value #CONFUSION_FILE}.
     *
     * @param report the evaluation
     * @param datasetNameOrNull a name for the subtitles (for example the data directory), or null
     * @param directory where to write; created if missing
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(EvaluationReport report, String datasetNameOrNull, Path directory)
            throws IOException {
        String subtitle = String.format(Locale.ROOT, "%sn = %d, macro AUC %.3f",
                datasetNameOrNull == null ? "" : datasetNameOrNull + ": ", report.n(), report.macroAuc().value());
        Path roc = directory.resolve(ROC_FILE);
        Path confusion = directory.resolve(CONFUSION_FILE);
        RocPlot.write(report.rocCurves(), report.operatingPoint(), subtitle, roc);
        ConfusionMatrixPlot.write(report.confusion(), datasetNameOrNull, confusion);
        return List.of(roc, confusion);
    }
}
