package io.github.covidxray.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forward pass gets {@code spark.task.cpus} threads, not a share of the machine's processors. */
class TaskCpusTest {

    @Test
    void engineThreadsComeFromSparkTaskCpus(@TempDir Path temp) throws Exception {
        Path corpus = XraySparkContractTest.writeCorpus(temp.resolve("corpus"));
        // Four task slots of three cores each: the machine's processor count (2 here) divided by anything
        // would not give 3.
        SparkSession spark = SparkSession.builder().master("local[12]").appName("task-cpus")
                .config("spark.ui.enabled", "false").config("spark.task.cpus", "3")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            SparkClassifierOptions options = SparkClassifierOptions.builder().optBatchSize(3).build();
            assertEquals(11, XraySpark.classify(XraySpark.readImages(spark, corpus.toString()), options).count());
            assertEquals(Set.of(3), ExecutorClassifiers.intraOpThreads(options));
            assertEquals(1, ExecutorClassifiers.loads(options));
        } finally {
            spark.stop();
        }
    }

    @Test
    void executorCoresFromTheConfigurationOrALocalMaster() {
        assertEquals(5, ExecutorClassifiers.executorCores("spark://host:7077", 5));
        assertEquals(12, ExecutorClassifiers.executorCores("local[12]", 0));
        assertEquals(3, ExecutorClassifiers.executorCores("local[3,2]", 0));
        assertEquals(1, ExecutorClassifiers.executorCores("local-cluster[2,1,1024]", 0));
        assertEquals(Runtime.getRuntime().availableProcessors(), ExecutorClassifiers.executorCores("yarn", 0));
    }
}
