package io.github.covidxray.cli.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and address of a {@link TriageServer}, an immutable value built with {@link #builder()}.
 *
 * @param host the address to bind; loopback by default, so nothing is exposed unless asked for
 * @param port the TCP port, 0 for one chosen by the operating system
 * @param maxBodyBytes larger request bodies are answered with 413
 * @param maxPixels larger images (width x height) are rejected from their header, before decoding
 * @param requestTimeout a request whose classification has not finished by then is answered with 503
 * @param maxConcurrent classifications running at once
 * @param maxQueued classifications waiting for a free slot; beyond that a request is answered with 503
 * @param shutdownGrace how long shutdown waits for requests in flight to finish
 */
public record ServerOptions(
        String host, int port, int maxBodyBytes, long maxPixels, Duration requestTimeout, int maxConcurrent,
        int maxQueued, Duration shutdownGrace) {

    /** The default body limit: 32 MiB, room for an uncompressed 16-bit 4k x 4k DICOM. */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 << 20;

    /** The default pixel limit: 36 megapixels, four times the largest chest X-ray detectors. */
    public static final long DEFAULT_MAX_PIXELS = 36_000_000L;

    /** Validates the values. */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxBodyBytes < 1 || maxPixels < 1 || maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("limits must be positive (queue >= 0), got body=" + maxBodyBytes
                    + " pixels=" + maxPixels + " concurrent=" + maxConcurrent + " queued=" + maxQueued);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive, got request=" + requestTimeout
                    + " grace=" + shutdownGrace);
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
        private Duration requestTimeout = Duration.ofSeconds(30);
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

        /** @param timeout time allowed for one classification request (default 30 s) @return this builder */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
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
            return new ServerOptions(host, port, maxBodyBytes, maxPixels, requestTimeout, maxConcurrent, maxQueued,
                    shutdownGrace);
        }
    }
}
