package io.github.covidxray.cli.score;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which files of a folder are images to score: known image extensions, and files without an
 * extension that carry the DICOM signature (scanners often write DICOM files with no extension).
 * Hidden files are skipped. Stateless and thread-safe.
 */
final class ImageFiles {

    private static final Set<String> EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "dcm", "dicom", "dic");
    /** DICOM Part 10: a 128-byte preamble, then "DICM". */
    private static final int DICOM_MAGIC_OFFSET = 128;
    private static final byte[] DICOM_MAGIC = {'D', 'I', 'C', 'M'};

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
            return EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        return hasDicomSignature(file);
    }

    private static boolean hasDicomSignature(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(DICOM_MAGIC_OFFSET + DICOM_MAGIC.length);
            return head.length == DICOM_MAGIC_OFFSET + DICOM_MAGIC.length
                    && Arrays.equals(head, DICOM_MAGIC_OFFSET, head.length, DICOM_MAGIC, 0, DICOM_MAGIC.length);
        } catch (IOException e) {
            return true; // let the reader report why the file cannot be read, as an error row
        }
    }
}
