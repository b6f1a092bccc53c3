package io.github.covidxray.spark;

import ai.djl.ModelException;
import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.model.ModelBundle;
import io.github.covidxray.core.model.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One classifier per model and JVM: every task of an executor shares it (the classifier is thread-safe), so a
 * model is loaded once per executor, not once per task or partition. Closed when the JVM shuts down.
 *
 * <p>It is opened for {@code spark.task.cpus} alone: each forward pass gets that many engine threads, and each
 * task's {@code classifyEach} decodes on that many threads of its own while its passes run, whatever the
 * number of processors the node has.
 */
final class ExecutorClassifiers {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorClassifiers.class);
    private static final Map<Key, CovidClassifier> OPEN = new ConcurrentHashMap<>();
    private static final Map<SparkClassifierOptions, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.values().forEach(CovidClassifier::close),
                "covid-xray-spark-close"));
    }

    private ExecutorClassifiers() {}

    /** The model and the threads of one forward pass: what makes two classifiers different. */
    private record Key(SparkClassifierOptions options, int intraOpThreads) {}

    /**
     * @param options the model
     * @param taskCpus {@code spark.task.cpus}: the threads one task may use, so one forward pass gets that many
     *     and each task decodes on that many
     * @return this JVM's classifier for the options, loaded on first use
     */
    static CovidClassifier classifier(SparkClassifierOptions options, int taskCpus) {
        return OPEN.computeIfAbsent(new Key(options, taskCpus), ExecutorClassifiers::load);
    }

    /**
     * @param options a model
     * @return how many times this JVM has loaded it (for tests: at most once per JVM)
     */
    static int loads(SparkClassifierOptions options) {
        AtomicInteger n = LOADS.get(options);
        return n == null ? 0 : n.get();
    }

    /**
     * @param options a model
     * @return the intra-op thread counts this JVM has loaded it with (for tests: {@code spark.task.cpus})
     */
    static Set<Integer> intraOpThreads(SparkClassifierOptions options) {
        Set<Integer> threads = new TreeSet<>();
        OPEN.keySet().stream().filter(k -> k.options().equals(options)).forEach(k -> threads.add(k.intraOpThreads()));
        return threads;
    }

    /**
     * @param o the model
     * @param taskCpus {@code spark.task.cpus}
     * @param concurrentTasks the tasks the executor runs at once
     * @return the classifier options: a forward pass on {@code taskCpus} threads, one predictor per task slot,
     *     and as many decoder threads per task as it has cores (core's default, the processors one pass leaves,
     *     is made for one process owning the machine: on a 64-core node that would be 63 per task)
     */
    static ClassifierOptions.Builder classifierOptions(SparkClassifierOptions o, int taskCpus, int concurrentTasks) {
        return ClassifierOptions.builder()
                .optEngine(o.engine())
                .optIntraOpThreads(taskCpus)
                .optDecodeThreads(taskCpus)
                .optPoolSize(concurrentTasks)
                .optMaxBatchSize(o.batchSize());
    }

    private static CovidClassifier load(Key key) {
        SparkClassifierOptions o = key.options();
        ClassifierOptions.Builder b = classifierOptions(o, key.intraOpThreads(), concurrentTasks(key.intraOpThreads()));
        try {
            long start = System.nanoTime();
            Path bundle = bundlePath(o);
            CovidClassifier c = bundle == null ? CovidClassifier.loadDefault(b) : CovidClassifier.load(b.setBundle(bundle).build());
            LOADS.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet();
            LOG.info("loaded {} ({} {}) on {} in {} ms, {} intra-op thread(s)", o.describe(), c.card().name(),
                    c.card().version(), c.engine(), (System.nanoTime() - start) / 1_000_000, key.intraOpThreads());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + o.describe() + ": " + e.getMessage(), e);
        } catch (ModelException e) {
            throw new IllegalStateException("cannot load " + o.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param options the model
     * @return the card of the model the options name, read on this JVM (the driver) without loading an engine
     * @throws IOException if the bundle cannot be read
     */
    static ModelCard card(SparkClassifierOptions options) throws IOException {
        Path bundle = bundlePath(options);
        try {
            if (bundle != null) {
                return ModelBundle.load(bundle).card();
            }
            if (!CovidClassifier.hasDefaultModel()) {
                throw new IOException("no default model on the classpath: add io.github.covidxray:covid-xray-models "
                        + "or give a bundle");
            }
            return ModelBundle.fromClasspath(CovidClassifier.DEFAULT_MODEL_RESOURCE,
                    ExecutorClassifiers.class.getClassLoader()).card();
        } catch (ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @return the bundle's local path on this JVM, or {@code null} for the bundled default */
    private static Path bundlePath(SparkClassifierOptions o) {
        if (o.shippedBundle() != null) {
            // SparkFiles.get resolves the name in this JVM's own copy of the files shipped with --files/addFile.
            return Path.of(SparkFiles.get(o.shippedBundle()));
        }
        return o.bundlePath() == null ? null : Path.of(o.bundlePath());
    }

    /** Tasks an executor runs at once: its cores over the cores of one task. */
    private static int concurrentTasks(int taskCpus) {
        SparkEnv env = SparkEnv.get();
        int cores = env == null ? 0 : executorCores(env.conf().get("spark.master", ""),
                env.conf().getInt("spark.executor.cores", 0));
        return Math.max(1, cores / taskCpus);
    }

    /**
     * @param master the master URL
     * @param configured {@code spark.executor.cores}, or 0 when not set
     * @return the cores of one executor: the configured ones, else those of a local master ({@code local},
     *     {@code local[N]}, {@code local-cluster[n,cores,mem]}), else Spark's default for the cluster manager: 1
     *     on YARN and Kubernetes, the machine's processors otherwise (a standalone worker's cores)
     */
    static int executorCores(String master, int configured) {
        if (configured > 0) {
            return configured;
        }
        if (master.equals("local") || master.equals("yarn") || master.startsWith("k8s://")) {
            return 1;
        }
        Matcher local = Pattern.compile("local\\[(\\d+)(?:,\\d+)?]").matcher(master);
        if (local.matches()) {
            return Integer.parseInt(local.group(1));
        }
        Matcher cluster = Pattern.compile("local-cluster\\[\\d+,\\s*(\\d+),\\s*\\d+]").matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1));
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
