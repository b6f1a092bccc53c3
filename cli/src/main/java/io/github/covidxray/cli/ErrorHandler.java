package io.github.covidxray.cli;

import picocli.CommandLine;

/** Shows a one-line error to the user; the stack trace only with {@code --verbose}. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        cl.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (verbose) {
            ex.printStackTrace(cl.getErr());
        } else {
            cl.getErr().println("(run with --verbose for details)");
        }
        cl.getErr().flush();
        return 1;
    }
}
