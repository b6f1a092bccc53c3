package io.github.covidxray.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.data.XrayDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A measurement, not a check: trains the same 3-step run several times in one JVM and logs each run's weight
 * hash and validation loss, to see under which conditions runs agree. Runs only when asked:
 * {@code mvn -o -q -B verify -pl training -am -Dtest=ReproducibilityProbeTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprobe.runs=4 -Dprobe.threads=2 -Dprobe.dropout=0.1}.
 */
@EnabledIfSystemProperty(named = "probe.runs", matches = "\\d+")
class ReproducibilityProbeTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReproducibilityProbeTest.class);

    @TempDir
    Path tmp;

    @Test
    void probe() throws Exception {
        XrayDataset train = ShapesDataset.write(tmp.resolve("train"), 40, 32, 1);
        XrayDataset val = ShapesDataset.write(tmp.resolve("val"), 12, 32, 2);
        int threads = Integer.getInteger("probe.threads", 1);
        float dropout = Float.parseFloat(System.getProperty("probe.dropout", "0.1"));
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads); // the trainer runs PyTorch on this thread
        for (int i = 0; i < Integer.getInteger("probe.runs"); i++) {
            TrainingConfig config = TrainingConfig.builder().optArchitecture("mobilenetv2")
                    .optPreprocessing(PreprocessingSpec.builder().setSize(32).optChannels(1).build())
                    .optBatchSize(16).optEpochs(0, 1).optBatchNormRecalibration(8).optLearningRates(3e-3f, 3e-3f)
                    .optSchedule(0.1f, 0.05f).optDropout(dropout).optSeed(7).optMaxStepsPerEpoch(3).build();
            TrainingResult r = new ClassifierTrainer(config).train(train, val, tmp.resolve("run" + i));
            LOG.info("probe threads={} dropout={} run={} sha256={} validation loss={}", threads, dropout, i,
                    r.bundle().card().sha256(), r.validation().loss());
        }
    }
}
