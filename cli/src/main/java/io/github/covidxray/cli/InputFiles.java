package io.github.covidxray.cli;

import io.github.covidxray.core.data.DatasetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The image files named on a command line: files as given, folders searched recursively for files with an
 * image extension ({@link DatasetReader#IMAGE_EXTENSIONS}), in sorted order. Paths that do not exist are
 * kept so that reading them reports the problem in order with the rest.
 */
final class InputFiles {

    private InputFiles() {}

    /**
     * @param args files and folders
     * @return the files, folder contents sorted by path
     * @throws UncheckedIOException if a folder cannot be listed
     */
    static List<Path> expand(List<Path> args) {
        List<Path> files = new ArrayList<>();
        for (Path arg : args) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::hasImageExtension).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list folder " + arg + ": " + e.getMessage(), e);
                }
            } else {
                files.add(arg);
            }
        }
        return files;
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && DatasetReader.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
