package io.github.covidxray.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One input to classify: a file, encoded bytes, a stream or an image already decoded. A source is read by
 * whoever classifies it, with <em>that</em> model's {@link ReadOptions} (its DICOM windowing, its limits), so a
 * caller never has to know how the model expects files to be read.
 *
 * <p>Sources are cheap descriptions; nothing is read until {@link #read(ReadOptions)}. Implementations must be
 * safe to read from another thread than the one that made them (the batch path decodes on a small pool).
 */
public interface ImageSource {

    /**
     * @return how this input is named in results and error messages (a file path, an upload's name); never a
     *     patient identifier unless the caller chose one
     */
    String name();

    /**
     * Reads and decodes the image.
     *
     * @param options the model's read options
     * @return the image, its {@link XrayImage#source()} set to {@link #name()}
     * @throws InvalidImageException if the input cannot be read or is not an image the SDK reads
     */
    XrayImage read(ReadOptions options) throws InvalidImageException;

    /**
     * The image's size from its header, without decoding: the batch path budgets decoded pixels with it
     * before it decodes. Sources that cannot tell cheaply return empty, and the batch path then decodes them
     * one at a time.
     *
     * @return the header, or empty if unknown before decoding
     * @throws InvalidImageException if the header shows the input is not an image the SDK reads
     */
    default Optional<ImageHeader> probe() throws InvalidImageException {
        return Optional.empty();
    }

    /**
     * @param file an image file (PNG, JPEG, BMP, TIFF or DICOM)
     * @return a source that reads it
     */
    static ImageSource of(Path file) {
        Objects.requireNonNull(file, "file");
        return new ImageSource() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public XrayImage read(ReadOptions options) throws InvalidImageException {
                return XrayImage.read(file, options);
            }

            @Override
            public Optional<ImageHeader> probe() throws InvalidImageException {
                return Optional.of(ImageHeader.probe(file));
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /**
     * @param encoded the encoded file's bytes (not copied: do not change them until read)
     * @param name how to name the input in results and errors
     * @return a source that decodes them
     */
    static ImageSource of(byte[] encoded, String name) {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(name, "name");
        return new ImageSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XrayImage read(ReadOptions options) throws InvalidImageException {
                return XrayImage.read(encoded, name, options);
            }

            @Override
            public Optional<ImageHeader> probe() throws InvalidImageException {
                return Optional.of(ImageHeader.probe(encoded, name));
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * A source that opens a stream when read and closes it afterwards.
     *
     * @param opener opens the stream; called once per read
     * @param name how to name the input in results and errors
     * @return a source reading the stream
     */
    static ImageSource ofStream(StreamOpener opener, String name) {
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(name, "name");
        return new ImageSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XrayImage read(ReadOptions options) throws InvalidImageException {
                try (InputStream in = opener.open()) {
                    return XrayImage.read(in, name, options);
                } catch (InvalidImageException e) {
                    throw e;
                } catch (IOException e) {
                    throw new InvalidImageException(name, "cannot read: " + e.getMessage(), e);
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * @param image an image already decoded (read options no longer apply to it)
     * @return a source returning it
     */
    static ImageSource of(XrayImage image) {
        Objects.requireNonNull(image, "image");
        return new ImageSource() {
            @Override
            public String name() {
                return image.source();
            }

            @Override
            public XrayImage read(ReadOptions options) {
                return image;
            }

            @Override
            public Optional<ImageHeader> probe() {
                return Optional.of(ImageHeader.of(image));
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /** Opens a fresh stream over an encoded image. */
    @FunctionalInterface
    interface StreamOpener {
        /**
         * @return the stream, closed by the reader
         * @throws IOException if it cannot be opened
         */
        InputStream open() throws IOException;
    }
}
