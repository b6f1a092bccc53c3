package io.github.covidxray.core;

/**
 * The model failed on one input that was read correctly (the engine raised an error, or produced a
 * non-finite output). The message names the input.
 */
public class ClassificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the input
     * @param cause the engine's error
     */
    public ClassificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
