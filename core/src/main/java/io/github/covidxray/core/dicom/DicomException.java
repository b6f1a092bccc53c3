package io.github.covidxray.core.dicom;

import io.github.covidxray.core.InvalidImageException;

/**
 * A DICOM file could not be read: it is truncated, malformed, uses an unsupported transfer syntax or
 * pixel format, or lacks the elements an image needs. The message names the file and, where one is to
 * blame, the element as {@code (gggg,eeee) Keyword}, with what was expected and what was found.
 */
public class DicomException extends InvalidImageException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the file or name of the input
     * @param problem what is wrong, naming the element
     */
    public DicomException(String source, String problem) {
        super(source, problem);
    }

    /**
     * @param source the file or name of the input
     * @param problem what is wrong, naming the element
     * @param cause the underlying error
     */
    public DicomException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}
