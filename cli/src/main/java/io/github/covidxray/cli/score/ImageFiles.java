package io.github.covidxray.cli.score;

import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.dicom.DicomReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides which files of a folder are images to score: the image extensions datasets use
 * ({@link DatasetReader#IMAGE_EXTENSIONS}), and files without an extension that are DICOM by content
 * (scanners often write DICOM files with no extension). Hidden files are skipped. Stateless and thread-safe.
 */
final class ImageFiles {

    private ImageFiles() {}

    /**
     * @param file a regular file
     * @return whether to score it
     */
    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return DatasetReader.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        return DicomReader.isDicom(file);
    }
}
