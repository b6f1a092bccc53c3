package io.github.covidxray.core.data;

import java.nio.file.Path;

/**
 * A file that a dataset scan or load skipped, and why.
 *
 * @param file the file (or manifest line's file)
 * @param problem what is wrong with it
 */
public record ScanProblem(Path file, String problem) {}
