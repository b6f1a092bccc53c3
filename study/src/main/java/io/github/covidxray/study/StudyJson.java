package io.github.covidxray.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes the study's JSON files; writes go through a temporary file so a crash leaves no half file. */
final class StudyJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StudyJson() {}

    static void write(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static <T> T read(Path file, TypeReference<T> type) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the study's record (delete it to redo that step): "
                    + e.getMessage(), e);
        }
    }
}
