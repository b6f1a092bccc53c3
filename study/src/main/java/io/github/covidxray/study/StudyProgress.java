package io.github.covidxray.study;

import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.training.EpochResult;
import io.github.covidxray.training.StepProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the arms' steps and epochs into study-wide progress with an estimated time to finish. The estimate
 * for an arm not yet started uses the measured seconds per epoch of an arm of the same architecture, else the
 * current arm's scaled by the architectures' relative step cost; early stopping makes it an upper bound.
 */
final class StudyProgress implements ArmRunner.EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(StudyProgress.class);
    /** DenseNet-121 steps cost about 3.5 times MobileNetV2's on CPU (training README). */
    private static final Map<String, Double> RELATIVE_COST = Map.of("mobilenetv2", 1.0, "densenet121", 3.5);

    private final List<StudyArm> arms;
    private final int epochsPerArm;
    private final ProgressListener listener;
    private final Map<String, Double> secondsPerEpoch = new HashMap<>();
    private int armIndex;
    private long epochsDone;
    private long armStartNanos;
    private int armEpochs;

    StudyProgress(List<StudyArm> arms, int epochsPerArm, ProgressListener listener) {
        this.arms = arms;
        this.epochsPerArm = epochsPerArm;
        this.listener = listener;
    }

    long totalEpochs() {
        return (long) arms.size() * epochsPerArm;
    }

    void startArm(int index) {
        armIndex = index;
        armStartNanos = System.nanoTime();
        armEpochs = 0;
        epochsDone = (long) index * epochsPerArm;
        listener.progress(epochsDone, totalEpochs(), "arm " + (index + 1) + "/" + arms.size() + " " + arms.get(index).name());
    }

    @Override
    public void onStep(StudyArm arm, StepProgress p) {
        listener.progress(epochsDone + armEpochs, totalEpochs(), String.format(Locale.ROOT,
                "arm %d/%d %s: epoch %d/%d step %d/%d, loss %.3f; study ETA %s", armIndex + 1, arms.size(), arm.name(),
                p.epoch(), p.plannedEpochs(), p.step(), p.stepsInEpoch(), p.loss(), format(eta(arm, p.runEta()))));
    }

    @Override
    public void onEpoch(StudyArm arm, EpochResult r) {
        armEpochs++;
        double perEpoch = (System.nanoTime() - armStartNanos) / 1e9 / armEpochs;
        secondsPerEpoch.put(arm.architecture(), perEpoch);
        Duration remainingThisArm = Duration.ofMillis((long) (perEpoch * (epochsPerArm - armEpochs) * 1000));
        String eta = format(eta(arm, remainingThisArm));
        LOG.info("arm {}/{} {}: epoch {} validation macro AUC {}; study ETA {} (upper bound: early stopping shortens it)",
                armIndex + 1, arms.size(), arm.name(), r.epoch(),
                String.format(Locale.ROOT, "%.4f", r.validation().macroAuc()), eta);
        listener.progress(epochsDone + armEpochs, totalEpochs(), arm.name() + " epoch " + r.epoch() + ", study ETA " + eta);
    }

    /** This arm's remaining time plus an estimate for each arm not started. */
    private Duration eta(StudyArm current, Duration remainingThisArm) {
        double seconds = remainingThisArm.toMillis() / 1000.0;
        Double currentRate = secondsPerEpoch.get(current.architecture());
        for (int i = armIndex + 1; i < arms.size(); i++) {
            String arch = arms.get(i).architecture();
            Double rate = secondsPerEpoch.get(arch);
            if (rate == null && currentRate != null) {
                rate = currentRate * RELATIVE_COST.getOrDefault(arch, 1.0)
                        / RELATIVE_COST.getOrDefault(current.architecture(), 1.0);
            }
            seconds += rate == null ? 0 : rate * epochsPerArm;
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
