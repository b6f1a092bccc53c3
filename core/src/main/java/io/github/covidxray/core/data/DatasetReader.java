package io.github.covidxray.core.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.covidxray.core.dicom.DicomException;
import io.github.covidxray.core.dicom.DicomReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the images of a dataset in one of the two usual layouts, without decoding them:
 *
 * <ul>
 *   <li>a folder per class: {@code root/<label>/<image>}, labels taken from the folder names, patient
 *       ids from the PatientID of DICOM files (none for other formats);</li>
 *   <li>a manifest CSV with at least the columns {@code split,label,file} (file relative to the root)
 *       and optionally {@code patient_id}, as in the shared chest X-ray data.</li>
 * </ul>
 *
 * Files that cannot be used (empty, not an image by extension, missing, a DICOM header that cannot be
 * read) are reported in {@link XrayDataset#problems()} and skipped; the scan goes on. Stateless and
 * thread-safe.
 */
public final class DatasetReader {

    /** File extensions taken as images, lower case. DICOM files may also have no extension. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "dcm", "dicom");

    private static final Logger LOG = LoggerFactory.getLogger(DatasetReader.class);

    private DatasetReader() {}

    /**
     * Scans a folder-per-class dataset.
     *
     * @param root the dataset folder whose subfolders are the classes
     * @return the dataset, labels sorted by name
     * @throws DatasetException if the root is not a folder or has no class folders
     */
    public static XrayDataset folderPerClass(Path root) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": not a folder (expected one subfolder per class)");
        }
        List<String> labels = new ArrayList<>();
        List<XrayRecord> records = new ArrayList<>();
        List<ScanProblem> problems = new ArrayList<>();
        try (Stream<Path> classDirs = Files.list(root)) {
            for (Path dir : classDirs.filter(Files::isDirectory).filter(p -> !isHidden(p)).sorted().toList()) {
                String label = dir.getFileName().toString();
                labels.add(label);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).filter(p -> !isHidden(p))
                            .sorted(Comparator.comparing(Path::toString)).toList()) {
                        String problem = problemWith(file);
                        if (problem != null) {
                            problems.add(new ScanProblem(file, problem));
                            continue;
                        }
                        try {
                            records.add(new XrayRecord(file, label, dicomPatientId(file), null));
                        } catch (DicomException e) {
                            problems.add(new ScanProblem(file, e.getMessage()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot list folder: " + e.getMessage(), e);
        }
        if (labels.isEmpty()) {
            throw new DatasetException(root + ": no class folders found (expected root/<label>/<image>)");
        }
        logProblems(root, problems);
        return new XrayDataset(root, labels, records, problems);
    }

    /**
     * Reads a manifest CSV. Columns are found by header name; {@code split}, {@code label} and
     * {@code file} are required, {@code patient_id} and {@code source} (or {@code source_repo}) are used when
     * present. Quoted fields are allowed.
     *
     * @param manifest the CSV file
     * @param root the folder that {@code file} paths are relative to (usually the manifest's folder)
     * @param split keep only rows of this split, or {@code null} for all rows
     * @return the dataset; its labels are those of the whole manifest, so every split has the same order
     * @throws DatasetException if the manifest cannot be read or lacks a required column
     */
    public static XrayDataset manifest(Path manifest, Path root, String split) throws DatasetException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<XrayRecord> records = new ArrayList<>();
        List<ScanProblem> problems = new ArrayList<>();
        Set<String> labels = new TreeSet<>();
        try (Reader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
                MappingIterator<Map<String, String>> rows =
                        mapper.readerFor(Map.class).with(schema).readValues(reader)) {
            boolean checkedHeader = false;
            int line = 1;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                if (!checkedHeader) {
                    for (String column : List.of("split", "label", "file")) {
                        if (!row.containsKey(column)) {
                            throw new DatasetException(manifest + ": missing column '" + column
                                    + "' (expected a header with split,label,file[,patient_id]; found "
                                    + row.keySet() + ")");
                        }
                    }
                    checkedHeader = true;
                }
                String label = row.get("label");
                String file = row.get("file");
                if (label == null || label.isEmpty() || file == null || file.isEmpty()) {
                    problems.add(new ScanProblem(manifest, "line " + line + ": empty label or file"));
                    continue;
                }
                labels.add(label);
                String rowSplit = emptyToNull(row.get("split"));
                if (split != null && !split.equals(rowSplit)) {
                    continue;
                }
                Path path = root.resolve(file).normalize();
                String problem = problemWith(path);
                if (problem != null) {
                    problems.add(new ScanProblem(path, problem + " (manifest line " + line + ")"));
                    continue;
                }
                String source = emptyToNull(row.containsKey("source") ? row.get("source") : row.get("source_repo"));
                records.add(new XrayRecord(path, label, emptyToNull(row.get("patient_id")), rowSplit, source));
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(manifest + ": cannot read manifest: " + e.getMessage(), e);
        }
        if (labels.isEmpty()) {
            throw new DatasetException(manifest + ": no rows");
        }
        records.sort(Comparator.comparing(XrayRecord::label).thenComparing(r -> r.file().toString()));
        logProblems(manifest, problems);
        return new XrayDataset(root, List.copyOf(labels), records, problems);
    }

    /**
     * Reads a dataset in whichever layout {@code path} has: a CSV file is a manifest (relative to its
     * folder), a folder with a {@code split} subfolder or class folders is folder-per-class.
     *
     * @param path a folder or a manifest CSV
     * @return the dataset
     * @throws DatasetException if it is neither
     */
    public static XrayDataset read(Path path) throws DatasetException {
        if (Files.isRegularFile(path) && path.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            Path parent = path.toAbsolutePath().getParent();
            return manifest(path, parent, null);
        }
        return folderPerClass(path);
    }

    private static String problemWith(Path file) {
        if (!Files.isRegularFile(file)) {
            return Files.exists(file) ? "not a regular file" : "file not found";
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!IMAGE_EXTENSIONS.contains(ext)) {
                return "not an image file (extension ." + ext + ")";
            }
        }
        try {
            if (Files.size(file) == 0) {
                return "empty file (0 bytes)";
            }
        } catch (IOException e) {
            return "cannot read size: " + e.getMessage();
        }
        return null;
    }

    /**
     * Without a manifest, a DICOM file names its patient: PatientID from its header (read up to the pixel
     * data only). Files named like other formats are not opened.
     *
     * @return the PatientID, or {@code null} if the file is not DICOM or has none
     */
    private static String dicomPatientId(Path file) throws DicomException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (!ext.isEmpty() && !ext.equals("dcm") && !ext.equals("dicom")) {
            return null;
        }
        return DicomReader.isDicom(file) ? DicomReader.readMetadata(file).patientId() : null;
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void logProblems(Path where, List<ScanProblem> problems) {
        if (!problems.isEmpty()) {
            LOG.warn("{}: skipped {} file(s); first: {} ({})", where, problems.size(), problems.get(0).file(),
                    problems.get(0).problem());
        }
    }
}
