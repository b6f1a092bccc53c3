package io.github.covidxray.core;

import java.io.IOException;

/**
 * An image could not be read: the file is missing, empty, truncated, too large, too small, or not an
 * image format this library reads. The message always names the source and the problem.
 */
public class InvalidImageException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file or name of the input
     * @param problem what is wrong, for example "truncated PNG data" or "expected at most 100000000 pixels, found ..."
     */
    public InvalidImageException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /**
     * @param source the file or name of the input
     * @param problem what is wrong
     * @param cause the underlying error
     */
    public InvalidImageException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** @return the file or name of the input that failed */
    public String source() {
        return source;
    }
}
