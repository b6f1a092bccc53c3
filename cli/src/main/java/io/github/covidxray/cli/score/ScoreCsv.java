package io.github.covidxray.cli.score;

import io.github.covidxray.core.Prediction;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The score CSV format (RFC 4180): header {@code file,label,p_<class>...,flagged,error}, one row per
 * image. {@code file} is the path relative to the scored folder with {@code /} separators; probabilities
 * have six decimals; {@code flagged} is empty when the model has no operating point; a failed image has
 * only {@code file} and {@code error}. Stateless and thread-safe.
 */
final class ScoreCsv {

    private ScoreCsv() {}

    /**
     * @param labels the model's labels
     * @return the header fields
     */
    static List<String> header(List<String> labels) {
        List<String> header = new ArrayList<>();
        header.add("file");
        header.add("label");
        labels.forEach(label -> header.add("p_" + label));
        header.add("flagged");
        header.add("error");
        return header;
    }

    /**
     * @param file the relative path
     * @param prediction its prediction
     * @return the row's fields
     */
    static List<String> row(String file, Prediction prediction) {
        List<String> row = new ArrayList<>();
        row.add(file);
        row.add(prediction.label());
        prediction.probabilities().forEach(p -> row.add(String.format(Locale.ROOT, "%.6f", p)));
        row.add(prediction.operatingPoint() == null ? "" : Boolean.toString(prediction.flagged()));
        row.add("");
        return row;
    }

    /**
     * @param file the relative path
     * @param labelCount the number of classes
     * @param problem why the image could not be scored
     * @return the row's fields
     */
    static List<String> errorRow(String file, int labelCount, String problem) {
        List<String> row = new ArrayList<>();
        row.add(file);
        for (int i = 0; i < labelCount + 2; i++) {
            row.add("");
        }
        row.add(problem);
        return row;
    }

    /**
     * @param fields the fields
     * @return one CSV line, with its newline
     */
    static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.append('\n').toString();
    }

    /**
     * Reads one record, honouring quotes (so fields may hold commas, quotes and newlines).
     *
     * @param in the reader, positioned at a record's start
     * @return the fields, or {@code null} at the end of input
     * @throws IOException if reading fails or the input ends inside a quoted field
     */
    static List<String> readRecord(Reader in) throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new IOException("CSV ends inside a quoted field");
                }
                if (c == '"') {
                    c = in.read();
                    if (c != '"') {
                        quoted = false;
                        continue; // c is the character after the closing quote
                    }
                }
                field.append((char) c);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c < 0) {
                fields.add(field.toString());
                return fields;
            } else if (c != '\r') {
                field.append((char) c);
            }
            c = in.read();
        }
    }
}
