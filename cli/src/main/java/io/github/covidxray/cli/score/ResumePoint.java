package io.github.covidxray.cli.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an interrupted scoring run stopped: the files its CSV already has. Opening it repairs a torn last
 * line (a row cut short by a crash) by truncating the file after its last complete line, and checks the
 * header matches the model's labels, so a resumed run appends to a well-formed CSV. Immutable.
 *
 * @param done the {@code file} values already in the CSV
 * @param hasHeader whether the CSV has its header line (false for a new or empty file)
 */
record ResumePoint(Set<String> done, boolean hasHeader) {

    private static final Logger LOG = LoggerFactory.getLogger(ResumePoint.class);

    ResumePoint {
        done = Set.copyOf(done);
    }

    /** @return the start of a new CSV */
    static ResumePoint fresh() {
        return new ResumePoint(Set.of(), false);
    }

    /**
     * @param csv the CSV of the earlier run; may be absent
     * @param header the header this run writes
     * @return the files already scored
     * @throws IOException if the CSV cannot be read, its header differs, or a row is malformed
     */
    static ResumePoint read(Path csv, List<String> header) throws IOException {
        if (!Files.exists(csv)) {
            return fresh();
        }
        dropTornLastLine(csv);
        Set<String> done = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> found = ScoreCsv.readRecord(in);
            if (found == null) {
                return fresh();
            }
            if (!found.equals(header)) {
                throw new IOException(csv + ": cannot resume: expected header " + String.join(",", header)
                        + ", found " + String.join(",", found) + " (another model, or not a score CSV)");
            }
            int row = 1;
            for (List<String> fields = ScoreCsv.readRecord(in); fields != null; fields = ScoreCsv.readRecord(in)) {
                row++;
                if (fields.size() != header.size()) {
                    throw new IOException(csv + ": cannot resume: row " + row + " has " + fields.size()
                            + " fields, expected " + header.size());
                }
                done.add(fields.get(0));
            }
        }
        return new ResumePoint(done, true);
    }

    /** A crash can leave half a row at the end; it is dropped and that image scored again. */
    private static void dropTornLastLine(Path csv) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(csv.toFile(), "rw")) {
            long end = file.length();
            long keep = end;
            while (keep > 0) {
                file.seek(keep - 1);
                if (file.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                LOG.warn("{}: dropping a torn last line of {} bytes left by an interrupted run", csv, end - keep);
                file.setLength(keep);
                file.getFD().sync();
            }
        }
    }
}
