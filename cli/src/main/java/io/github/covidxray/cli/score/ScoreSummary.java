package io.github.covidxray.cli.score;

/**
 * What a scoring run did. Immutable.
 *
 * @param scored images classified and written
 * @param failed images written as error rows
 * @param skipped images already in the CSV from an earlier run
 * @param stopped whether the run was cancelled or interrupted before the end; rerun with resume to finish
 */
public record ScoreSummary(long scored, long failed, long skipped, boolean stopped) {}
