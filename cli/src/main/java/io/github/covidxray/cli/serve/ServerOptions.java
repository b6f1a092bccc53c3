package io.github.covidxray.cli.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and address of a {@link TriageServer}, an immutable value built with {@link #builder()}.
 *
 * <p>Memory is bounded by budgets checked before anything is allocated: a request's body is admitted only
 * if its declared size fits {@code maxInFlightBodyBytes} together with the bodies already being read, and
 * its images are decoded only if the pixels their headers declare fit {@code maxRequestPixels} (else 413:
 * it can never fit) and, together with the images of the other requests in flight,
 * {@code maxInFlightPixels} (else 503 with {@code Retry-After}: the server is merely busy).
 *
 * @param host the address to bind; loopback by default, so nothing is exposed unless asked for
 * @param port the TCP port, 0 for one chosen by the operating system
 * @param maxBodyBytes larger request bodies are answered with 413
 * @param maxPixels larger images (width x height) are rejected from their header, before decoding
 * @param maxRequestPixels the decoded pixels of all images of one request; more is answered with 413
 * @param maxInFlightPixels the decoded pixels of all requests being classified at once
 * @param maxInFlightBodyBytes the request bodies being received at once, counted by their declared size
 * @param requestTimeout a request whose classification has not finished by then is answered with 503
 * @param readTimeout a request body not received completely by then is answered with 408
 * @param idleTimeout a connection on which nothing arrives for this long is closed
 * @param maxConnections connections open at once; more wait in the operating system's accept queue
 * @param maxConcurrent classifications running at once
 * @param maxQueued classifications waiting for a free slot; beyond that a request is answered with 503
 * @param shutdownGrace how long shutdown waits for requests in flight to finish
 */
public record ServerOptions(
        String host, int port, int maxBodyBytes, long maxPixels, long maxRequestPixels, long maxInFlightPixels,
        long maxInFlightBodyBytes, Duration requestTimeout, Duration readTimeout, Duration idleTimeout,
        int maxConnections, int maxConcurrent, int maxQueued, Duration shutdownGrace) {

    /** The default body limit: 32 MiB, room for an uncompressed 16-bit 4k x 4k DICOM. */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 << 20;

    /** The default pixel limit: 36 megapixels, four times the largest chest X-ray detectors. */
    public static final long DEFAULT_MAX_PIXELS = 36_000_000L;

    /**
     * Heap bytes a decoded pixel may cost while it is read and classified: 2 for the 16-bit pixel, the rest (RGB rasters, copies)
     * for the decoder's intermediate raster. Sizes the default pixel budgets from the heap.
     */
    static final int HEAP_BYTES_PER_PIXEL = 8;

    /** Validates the values. */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxBodyBytes < 1 || maxPixels < 1 || maxRequestPixels < 1 || maxConcurrent < 1 || maxQueued < 0
                || maxConnections < 1) {
            throw new IllegalArgumentException("limits must be positive (queue >= 0), got body=" + maxBodyBytes
                    + " pixels=" + maxPixels + " request pixels=" + maxRequestPixels + " concurrent=" + maxConcurrent
                    + " queued=" + maxQueued + " connections=" + maxConnections);
        }
        if (maxInFlightPixels < maxRequestPixels || maxInFlightBodyBytes < maxBodyBytes) {
            throw new IllegalArgumentException("in-flight budgets must hold at least one request: pixels "
                    + maxInFlightPixels + " < " + maxRequestPixels + " or body bytes " + maxInFlightBodyBytes
                    + " < " + maxBodyBytes);
        }
        for (Duration d : new Duration[] {requestTimeout, readTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
        }
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ServerOptions}; every setting is optional. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private Long maxRequestPixels;
        private Long maxInFlightPixels;
        private Long maxInFlightBodyBytes;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(10);
        private int maxConnections = 1024;
        private int maxConcurrent = Runtime.getRuntime().availableProcessors();
        private int maxQueued = 16;
        private Duration shutdownGrace = Duration.ofSeconds(30);

        private Builder() {}

        /** @param host the address to bind (default 127.0.0.1) @return this builder */
        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        /** @param port the port, 0 for any free one (default 8080) @return this builder */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /** @param bytes the largest accepted request body (default 32 MiB) @return this builder */
        public Builder optMaxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @param pixels the largest accepted width x height (default 36 M) @return this builder */
        public Builder optMaxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        /**
         * @param pixels the decoded pixels of all images of one request (default: 8 largest images, at most
         *     what the in-flight budget holds)
         * @return this builder
         */
        public Builder optMaxRequestPixels(long pixels) {
            this.maxRequestPixels = pixels;
            return this;
        }

        /**
         * @param pixels the decoded pixels of all requests in flight (default: a quarter of the heap at
         *     8 bytes a pixel)
         * @return this builder
         */
        public Builder optMaxInFlightPixels(long pixels) {
            this.maxInFlightPixels = pixels;
            return this;
        }

        /** @param bytes request bodies received at once (default: an eighth of the heap) @return this builder */
        public Builder optMaxInFlightBodyBytes(long bytes) {
            this.maxInFlightBodyBytes = bytes;
            return this;
        }

        /** @param timeout time allowed for one classification request (default 30 s) @return this builder */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** @param timeout time allowed to receive a request body (default 30 s) @return this builder */
        public Builder optReadTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** @param timeout silence after which a connection is closed (default 10 s) @return this builder */
        public Builder optIdleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** @param n connections open at once (default 1024) @return this builder */
        public Builder optMaxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /** @param n classifications running at once (default: available processors) @return this builder */
        public Builder optMaxConcurrent(int n) {
            this.maxConcurrent = n;
            return this;
        }

        /** @param n classifications allowed to wait (default 16) @return this builder */
        public Builder optMaxQueued(int n) {
            this.maxQueued = n;
            return this;
        }

        /** @param grace how long shutdown waits for requests in flight (default 30 s) @return this builder */
        public Builder optShutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /** @return the options */
        public ServerOptions build() {
            long heap = Runtime.getRuntime().maxMemory();
            long inFlightPixels = maxInFlightPixels != null ? maxInFlightPixels
                    : Math.max(heap / 4 / HEAP_BYTES_PER_PIXEL, maxRequestPixels != null ? maxRequestPixels : maxPixels);
            long requestPixels = maxRequestPixels != null ? maxRequestPixels
                    : Math.min(8 * maxPixels, inFlightPixels);
            long inFlightBody = maxInFlightBodyBytes != null ? maxInFlightBodyBytes : Math.max(heap / 8, maxBodyBytes);
            return new ServerOptions(host, port, maxBodyBytes, maxPixels, requestPixels, inFlightPixels, inFlightBody,
                    requestTimeout, readTimeout, idleTimeout, maxConnections, maxConcurrent, maxQueued, shutdownGrace);
        }
    }
}
