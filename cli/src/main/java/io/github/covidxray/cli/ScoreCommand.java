package io.github.covidxray.cli;

import io.github.covidxray.cli.score.FolderScorer;
import io.github.covidxray.cli.score.ScoreSummary;
import io.github.covidxray.core.CovidClassifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray score --csv OUT.csv [--resume] DIR}: scores a whole folder into a CSV with a progress
 * bar ({@link FolderScorer}). Ctrl-C stops after the batch in progress, keeping every row written; rerun
 * with {@code --resume} to finish.
 */
@Command(name = "score", description = {
    "Score every image under a folder (recursively, sorted) into a CSV: file, label, per-class probabilities, "
            + "flagged, error.",
    "Interrupt any time; rerun with --resume to continue where it stopped. " + CovidXrayCli.DISCLAIMER})
final class ScoreCommand implements Callable<Integer> {

    /** Exit code of a run stopped by Ctrl-C, as shells report for SIGINT. */
    static final int STOPPED = 130;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "OUT.csv", description = "The CSV to write.")
    Path csv;

    @Option(names = "--resume", description = "Continue an existing CSV, skipping the images it already has.")
    boolean resume;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder of images (PNG, JPEG, DICOM, ...).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        try (CovidClassifier classifier = model.open()) {
            ProgressBar bar = new ProgressBar(err, "scoring");
            FolderScorer scorer = new FolderScorer(classifier, bar);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                scorer.cancel();
                try {
                    finished.await(30, TimeUnit.SECONDS); // let the batch in progress reach the CSV
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "score-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ScoreSummary summary;
            try {
                summary = scorer.score(dir, csv, resume);
            } finally {
                bar.close();
                finished.countDown();
            }
            err.printf("%s: %d scored, %d failed, %d already there%s%n", csv, summary.scored(), summary.failed(),
                    summary.skipped(), summary.stopped() ? "; stopped early: rerun with --resume to finish" : "");
            err.println(CovidXrayCli.DISCLAIMER);
            err.flush();
            if (summary.stopped()) {
                return STOPPED;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            return summary.failed() == 0 ? 0 : 1;
        }
    }
}
