package io.github.covidxray.core.model;

import ai.djl.MalformedModelException;

/**
 * A model bundle is unusable: {@code model.json} missing or not valid, a required field absent, the weight
 * file missing or its checksum not the one recorded, or the model's output not matching its labels. The
 * message names the bundle and says what was expected and what was found.
 */
public class InvalidBundleException extends MalformedModelException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the bundle */
    public InvalidBundleException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the bundle
     * @param cause the underlying error
     */
    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
