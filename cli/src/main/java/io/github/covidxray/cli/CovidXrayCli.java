package io.github.covidxray.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code covid-xray} command-line tool. Results go to stdout (one JSON object per line with
 * {@code --json}); logs and progress go to stderr.
 */
@Command(
        name = "covid-xray",
        mixinStandardHelpOptions = true,
        // --help and --version on every subcommand too, without each command having to remember it
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = {
            "Research tool for chest X-ray analysis and COVID-19 classification.",
            "NOT a medical device: never use its output for diagnosis or patient care."
        })
public final class CovidXrayCli implements Runnable {

    /**
     * Every subcommand, in the order the usage lists them. A run that names one builds only that one (see
     * {@link #commandLine}): picocli reflects each command's options when it is added (in a cold JVM without the
     * class-data archive, 261-303 ms for all of them against 200-217 ms for {@code classify} alone).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(InfoCommand.class, ClassifyCommand.class,
            EvaluateCommand.class, ExplainCommand.class, AnalyzeCommand.class, AugmentCommand.class,
            BundleCommand.class, ExportCommand.class, TrainCommand.class, TrainLungsCommand.class,
            SegmentCommand.class, EvaluateLungsCommand.class, ThresholdCommand.class, CalibrateCommand.class,
            OodCheckCommand.class, ServeCommand.class, ScoreCommand.class, StudyCommand.class,
            CommandLine.HelpCommand.class);

    /** Printed by commands whose output could be mistaken for a clinical result. */
    public static final String DISCLAIMER =
            "Research use only: not a medical device, not validated for diagnosis or patient care.";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the tool.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the tool with the given streams; for tests and embedding.
     *
     * @param args command-line arguments
     * @param out where results go
     * @param err where errors go
     * @return the exit code: 0 success, 1 some inputs failed, 2 usage error
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args.length == 0 ? null : args[0]);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * @param first the first argument, or {@code null}
     * @return the command tree: the root with only the subcommand {@code first} names, or with all of them
     *     when it names none (no arguments, {@code --help}, {@code help}, a mistyped name)
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new CovidXrayCli());
        Class<?> named = first == null ? null : SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> c : named == null ? SUBCOMMANDS : List.of(named)) {
            cl.addSubcommand(c);
        }
        return cl;
    }
}
