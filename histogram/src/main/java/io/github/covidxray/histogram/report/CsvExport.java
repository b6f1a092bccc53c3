package io.github.covidxray.histogram.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.covidxray.histogram.Statistic;
import io.github.covidxray.histogram.dataset.DatasetAnalysis;
import io.github.covidxray.histogram.dataset.ImageSummary;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the per-image table as CSV: one row per analysed image with its file, class, patient, size, bit
 * depth and every {@link Statistic} in the image's own intensity units. Stateless.
 */
public final class CsvExport {

    /** The columns before the statistics. */
    public static final List<String> ID_COLUMNS =
            List.of("file", "label", "patient_id", "width", "height", "bits_stored", "pixel_count");

    private CsvExport() {}

    /** @return all column names, in order */
    public static List<String> columns() {
        List<String> names = new ArrayList<>(ID_COLUMNS);
        for (Statistic s : Statistic.values()) {
            names.add(s.key());
        }
        return names;
    }

    /**
     * Writes the table.
     *
     * @param analysis the analysis
     * @param csv the file to write (replaced if present)
     * @throws IOException if it cannot be written; the message names the file
     */
    public static void write(DatasetAnalysis analysis, Path csv) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns().forEach(schema::addColumn);
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                SequenceWriter rows = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build()
                        .writer(schema.build()).writeValues(w)) {
            for (ImageSummary im : analysis.images()) {
                List<Object> row = new ArrayList<>();
                row.add(im.file().toString());
                row.add(im.label());
                row.add(im.patientId() == null ? "" : im.patientId());
                row.add(im.width());
                row.add(im.height());
                row.add(im.bitsStored());
                row.add(im.stats().pixelCount());
                for (Statistic s : Statistic.values()) {
                    double v = s.of(im.stats());
                    row.add(isWholeNumber(s) ? (Object) (long) v : (Object) v);
                }
                rows.write(row);
            }
        } catch (IOException e) {
            throw new IOException(csv + ": cannot write CSV: " + e.getMessage(), e);
        }
    }

    /** Min, max and percentiles are pixel values: print them without a decimal point. */
    private static boolean isWholeNumber(Statistic s) {
        return s.intensityValued() && s != Statistic.MEAN && s != Statistic.STD;
    }
}
