package io.github.covidxray.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every subcommand shares; mixed in with {@code @Mixin}. */
public final class CommonOptions {

    /** One mapper for the whole tool; Jackson's ObjectMapper is thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Machine-readable output: one JSON object per line.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and debug logging.")
    boolean verbose;

    /** @return whether JSON output was asked for */
    public boolean json() {
        return json;
    }

    /** @return whether verbose output was asked for */
    public boolean verbose() {
        return verbose;
    }

    /**
     * Prints one JSON object on its own line.
     *
     * @param out the stream
     * @param object a map or record that Jackson can serialise
     */
    public static void printJson(PrintWriter out, Object object) {
        try {
            out.println(JSON.writeValueAsString(object));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + object.getClass().getSimpleName(), e);
        }
        out.flush();
    }

    /**
     * Reports a failed input on stderr: as a JSON line on stdout too when {@code --json}, so a consumer
     * of the stream sees one line per input.
     *
     * @param out results stream
     * @param err error stream
     * @param file the input
     * @param problem the message
     */
    public void reportFailure(PrintWriter out, PrintWriter err, String file, String problem) {
        err.println("error: " + problem);
        err.flush();
        if (json) {
            printJson(out, Map.of("file", file, "error", problem));
        }
    }
}
