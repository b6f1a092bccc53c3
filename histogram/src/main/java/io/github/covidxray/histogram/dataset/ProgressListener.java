package io.github.covidxray.histogram.dataset;

import io.github.covidxray.core.data.XrayRecord;

/**
 * Told about each image as a dataset analysis finishes it. Calls come from the thread that runs
 * {@link DatasetHistogramAnalyzer#analyze}, one at a time, in dataset order, so an implementation needs no
 * synchronisation; it should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * One image is done.
     *
     * @param done images finished so far, including this one (1 to {@code total})
     * @param total images to analyse
     * @param record the image just finished
     * @param problem why the image was skipped, or {@code null} when it was analysed
     */
    void onImage(int done, int total, XrayRecord record, String problem);

    /** @return a listener that ignores every call */
    static ProgressListener none() {
        return (done, total, record, problem) -> { };
    }
}
