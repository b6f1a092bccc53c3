package io.github.covidxray.cli;

import io.github.covidxray.cli.serve.ServerOptions;
import io.github.covidxray.cli.serve.TriageServer;
import io.github.covidxray.core.CovidClassifier;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray serve}: the HTTP triage service ({@link TriageServer}) until interrupted (Ctrl-C or
 * SIGTERM), then a graceful shutdown that lets requests in flight finish.
 */
@Command(name = "serve", description = {
    "Serve the classifier over HTTP (Jetty): a web page at /, POST /v1/classify and POST /v1/explain (image "
            + "body or multipart/form-data), GET /v1/model, GET /health, GET /metrics (Prometheus).",
    "Binds to 127.0.0.1 unless --host says otherwise. " + CovidXrayCli.DISCLAIMER})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST",
            defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-body-mb", paramLabel = "MIB",
            defaultValue = "32", description = "Largest request body in MiB (default: ${DEFAULT-VALUE}).")
    int maxBodyMb;

    @Option(names = "--max-pixels", paramLabel = "N",
            defaultValue = "36000000", description = "Largest image, width x height (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            defaultValue = "30", description = "Seconds allowed per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Classifications at once (default: number of CPUs).")
    Integer maxConcurrent;

    @Option(names = "--max-queue", paramLabel = "N",
            defaultValue = "16", description = "Requests allowed to wait; more get 503 (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-connections", paramLabel = "N",
            defaultValue = "1024", description = "Open connections at once; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            defaultValue = "10", description = "Seconds of silence before a connection is closed (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--grace", paramLabel = "SECONDS",
            defaultValue = "30", description = "Seconds shutdown waits for requests in flight (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Override
    public Integer call() throws Exception {
        if (maxBodyMb < 1 || maxBodyMb > 1024) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-body-mb must be in [1, 1024], got " + maxBodyMb);
        }
        ServerOptions.Builder options = ServerOptions.builder().optHost(host).optPort(port)
                .optMaxBodyBytes(maxBodyMb << 20).optMaxPixels(maxPixels)
                .optRequestTimeout(Duration.ofSeconds(timeoutSeconds)).optMaxQueued(maxQueue)
                .optMaxConnections(maxConnections).optIdleTimeout(Duration.ofSeconds(idleSeconds))
                .optShutdownGrace(Duration.ofSeconds(graceSeconds));
        int concurrent = maxConcurrent != null ? maxConcurrent : Runtime.getRuntime().availableProcessors();
        options.optMaxConcurrent(concurrent);
        var err = spec.commandLine().getErr();
        CovidClassifier classifier = model.open(concurrent); // one predictor per concurrent request
        TriageServer server;
        try {
            server = TriageServer.start(classifier, options.build());
        } catch (RuntimeException | java.io.IOException e) {
            classifier.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            classifier.close();
        }, "serve-shutdown"));
        err.println("covid-xray: serving " + classifier.card().name() + " " + classifier.card().version() + " ("
                + classifier.engine() + ") on " + server.uri() + "; Ctrl-C to stop");
        err.println(CovidXrayCli.DISCLAIMER);
        err.flush();
        server.awaitTermination();
        return 0;
    }
}
