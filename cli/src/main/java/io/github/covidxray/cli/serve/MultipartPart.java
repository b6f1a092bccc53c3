package io.github.covidxray.cli.serve;

/**
 * One part of a {@code multipart/form-data} body. Immutable by convention: the content array is not
 * copied, and nobody writes to it.
 *
 * @param name the form field name
 * @param filename the file name the client sent, or {@code null} for a plain form field
 * @param contentType the part's media type, lower-cased; {@code null} when absent
 * @param content the part's bytes
 */
record MultipartPart(String name, String filename, String contentType, byte[] content) {

    /** @return whether the client sent this part as a file */
    boolean isFile() {
        return filename != null;
    }
}
