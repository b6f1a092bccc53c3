package io.github.covidxray.study;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Study#run} wrote.
 *
 * @param report the Markdown report
 * @param json the machine-readable results ({@code study.json})
 * @param tree the same results as nested maps and lists
 */
public record StudyResult(Path report, Path json, Map<String, Object> tree) {}
