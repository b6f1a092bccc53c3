package io.github.covidxray.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the CLI in-process, with what it printed: for command tests.
 *
 * @param code the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int code, String out, String err) {

    /**
     * @param args the command line
     * @return the outcome
     */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CovidXrayCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
