package io.github.covidxray.cli.testing;

import io.github.covidxray.cli.CovidXrayCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * The result of one in-process run of the {@code covid-xray} CLI, for command tests.
 *
 * @param code the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int code, String out, String err) {

    /**
     * Runs the CLI with captured streams.
     *
     * @param args the command line
     * @return the exit code and output
     */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CovidXrayCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** @return stdout's lines, none when it is blank */
    public List<String> lines() {
        return out.isBlank() ? List.of() : out.lines().toList();
    }
}
