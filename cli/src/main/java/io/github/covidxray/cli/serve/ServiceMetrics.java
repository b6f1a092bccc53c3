package io.github.covidxray.cli.serve;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The service's counters in the Prometheus text exposition format (version 0.0.4) for {@code GET /metrics}:
 * requests by endpoint and status, a latency histogram per endpoint, images classified, failed and flagged
 * out of distribution, and gauges read when scraped (queue depth, classifications running, reserved
 * budgets). Written by hand: a dozen series do not justify a metrics library and its registry. Thread-safe.
 */
final class ServiceMetrics {

    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
    private final Map<String, Latency> latency = new ConcurrentHashMap<>();
    private final LongAdder imagesClassified = new LongAdder();
    private final LongAdder imagesFailed = new LongAdder();
    private final LongAdder outOfDistribution = new LongAdder();
    private final Map<String, Gauge> gauges = new LinkedHashMap<>();

    private record Gauge(String help, LongSupplier value) {}

    /** Cumulative bucket counts, sum and count of one endpoint's latencies. */
    private static final class Latency {
        final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();
    }

    /**
     * Registers a gauge read at every scrape; call before the server starts.
     *
     * @param name the metric name
     * @param help its description
     * @param value reads the current value
     */
    synchronized void gauge(String name, String help, LongSupplier value) {
        gauges.put(name, new Gauge(help, value));
    }

    /**
     * Counts a finished request.
     *
     * @param endpoint the endpoint (a fixed set, so label values stay few)
     * @param status the HTTP status sent
     * @param seconds the time from request to response
     */
    void request(String endpoint, int status, double seconds) {
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
        Latency l = latency.computeIfAbsent(endpoint, k -> new Latency());
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                l.buckets.incrementAndGet(i);
            }
        }
        l.sum.add(seconds);
        l.count.increment();
    }

    /**
     * Counts the images of a request.
     *
     * @param classified images with a prediction
     * @param failed images that could not be read or classified
     * @param ood images among the classified flagged as out of distribution
     */
    void images(int classified, int failed, int ood) {
        imagesClassified.add(classified);
        imagesFailed.add(failed);
        outOfDistribution.add(ood);
    }

    /** @return every metric in the Prometheus text format */
    String scrape() {
        StringBuilder out = new StringBuilder(4096);
        header(out, "covidxray_http_requests_total", "counter", "HTTP requests answered, by endpoint and status.");
        requests.forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("covidxray_http_requests_total{endpoint=\"").append(parts[0]).append("\",status=\"")
                    .append(parts[1]).append("\"} ").append(count.sum()).append('\n');
        });
        header(out, "covidxray_http_request_duration_seconds", "histogram",
                "Time from receiving a request to sending its response, by endpoint.");
        latency.forEach((endpoint, l) -> {
            String name = "covidxray_http_request_duration_seconds";
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append(name).append("_bucket{endpoint=\"").append(endpoint).append("\",le=\"")
                        .append(format(BUCKETS[i])).append("\"} ").append(l.buckets.get(i)).append('\n');
            }
            long count = l.count.sum();
            out.append(name).append("_bucket{endpoint=\"").append(endpoint).append("\",le=\"+Inf\"} ").append(count)
                    .append('\n');
            out.append(name).append("_sum{endpoint=\"").append(endpoint).append("\"} ").append(format(l.sum.sum()))
                    .append('\n');
            out.append(name).append("_count{endpoint=\"").append(endpoint).append("\"} ").append(count).append('\n');
        });
        counter(out, "covidxray_images_classified_total", "Images given a prediction.", imagesClassified.sum());
        counter(out, "covidxray_images_failed_total", "Images that could not be read or classified.",
                imagesFailed.sum());
        counter(out, "covidxray_images_out_of_distribution_total",
                "Classified images the model flagged as out of distribution.", outOfDistribution.sum());
        synchronized (this) {
            gauges.forEach((name, g) -> {
                header(out, name, "gauge", g.help());
                out.append(name).append(' ').append(g.value().getAsLong()).append('\n');
            });
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
