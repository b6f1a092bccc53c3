package io.github.covidxray.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.covidxray.core.ClassifierOptions;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forward pass gets {@code spark.task.cpus} threads, and a task decodes on as many, not on a share of the
 * machine's processors.
 */
class TaskCpusTest {

    @Test
    void engineThreadsComeFromSparkTaskCpus(@TempDir Path temp) throws Exception {
        Path corpus = XraySparkContractTest.writeCorpus(temp.resolve("corpus"));
        // Four task slots of three cores each: the machine's processor count (2 here) divided by anything
        // would not give 3.
        SparkSession spark = SparkSession.builder().master("local[12]").appName("task-cpus")
                .config("spark.ui.enabled", "false").config("spark.task.cpus", "3")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        DecoderWatch decoders = new DecoderWatch();
        try {
            SparkClassifierOptions options = SparkClassifierOptions.builder().optBatchSize(3).build();
            // One partition: its run takes all 11 readable images, enough to start every decoder thread.
            Dataset<Row> images = XraySpark.readImages(spark, corpus.toString()).repartition(1);
            decoders.start();
            assertEquals(XraySparkContractTest.IMAGE_FILES, XraySpark.classify(images, options).count());
            decoders.stop();
            assertEquals(Set.of(3), ExecutorClassifiers.intraOpThreads(options));
            assertEquals(1, ExecutorClassifiers.loads(options));
            // Decoders per task = spark.task.cpus; core's default (processors - 3, at least 1) would differ.
            assertEquals(3, decoders.most(), "decoder threads of one task");
        } finally {
            decoders.stop();
            spark.stop();
        }
    }

    @Test
    void classifierOptionsGiveEachPassTheTaskCpus() {
        ClassifierOptions o = ExecutorClassifiers.classifierOptions(SparkClassifierOptions.defaults(), 3, 4)
                .setBundle(Path.of("any")).build();
        assertEquals(3, o.effectiveIntraOpThreads());
        assertEquals(3, o.effectiveDecodeThreads());
        assertEquals(4, o.poolSize());
    }

    /** Samples the JVM's threads for core's decoder threads ({@code covid-xray-decode-RUN-N}): the most N seen. */
    private static final class DecoderWatch {
        private static final Pattern NAME = Pattern.compile("covid-xray-decode-\\d+-(\\d+)");
        private final AtomicInteger most = new AtomicInteger();
        private volatile boolean running;
        private Thread sampler;

        void start() {
            running = true;
            sampler = new Thread(() -> {
                ThreadGroup root = Thread.currentThread().getThreadGroup();
                while (root.getParent() != null) {
                    root = root.getParent();
                }
                while (running) {
                    Thread[] threads = new Thread[root.activeCount() + 16];
                    int n = root.enumerate(threads, true);
                    for (int i = 0; i < n; i++) {
                        Matcher m = NAME.matcher(threads[i].getName());
                        if (m.matches()) {
                            most.accumulateAndGet(Integer.parseInt(m.group(1)), Math::max);
                        }
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "decoder-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (sampler != null) {
                sampler.join();
            }
        }

        int most() {
            return most.get();
        }
    }

    @Test
    void executorCoresFromTheConfigurationOrALocalMaster() {
        assertEquals(5, ExecutorClassifiers.executorCores("spark://host:7077", 5));
        assertEquals(12, ExecutorClassifiers.executorCores("local[12]", 0));
        assertEquals(3, ExecutorClassifiers.executorCores("local[3,2]", 0));
        assertEquals(1, ExecutorClassifiers.executorCores("local-cluster[2,1,1024]", 0));
        assertEquals(1, ExecutorClassifiers.executorCores("local", 0));
        // Spark's default spark.executor.cores: 1 on YARN and Kubernetes, a standalone worker's cores otherwise.
        assertEquals(1, ExecutorClassifiers.executorCores("yarn", 0));
        assertEquals(1, ExecutorClassifiers.executorCores("k8s://https://host:443", 0));
        assertEquals(4, ExecutorClassifiers.executorCores("yarn", 4));
        assertEquals(Runtime.getRuntime().availableProcessors(), ExecutorClassifiers.executorCores("spark://host:7077", 0));
    }
}
