package io.github.covidxray.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link XraySpark} in {@code local-cluster[2,1,1024]}: a standalone master and two workers in this JVM, each
 * starting an executor in a JVM of its own (one core, 1 GB), as on a real cluster. The executors get this
 * JVM's class path ({@code spark.testing}); no Spark installation is needed.
 */
class LocalClusterTest extends XraySparkContractTest {

    static {
        // What lets a local cluster start executors without a Spark installation: with spark.testing the
        // executors get this JVM's class path, and the launcher only needs the jars folder of a "Spark home"
        // to exist (SPARK_SCALA_VERSION, set in the pom, tells it which one); an empty one will do.
        try {
            Path home = Files.createTempDirectory("spark-home");
            Files.createDirectories(home.resolve("assembly/target/scala-2.13/jars"));
            System.setProperty("spark.testing", "true");
            System.setProperty("spark.test.home", home.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String master() {
        return "local-cluster[2,1,1024]";
    }

    @Override
    int separateExecutors() {
        return 2;
    }
}
