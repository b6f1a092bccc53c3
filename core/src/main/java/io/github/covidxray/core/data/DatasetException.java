package io.github.covidxray.core.data;

import java.io.IOException;

/** A dataset cannot be read as a whole: a missing folder, a malformed manifest header, no classes. */
public class DatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the folder or file */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the folder or file
     * @param cause the underlying error
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
