package io.github.covidxray.cli.serve;

/**
 * A request that cannot be answered normally: carries the HTTP status and a message naming the problem,
 * which the server sends back as a JSON error. Immutable.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    static HttpProblem tooLarge(String message) {
        return new HttpProblem(413, message);
    }

    static HttpProblem unavailable(String message) {
        return new HttpProblem(503, message);
    }
}
