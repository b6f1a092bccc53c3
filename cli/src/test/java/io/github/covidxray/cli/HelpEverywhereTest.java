package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;

/** The README promises that every command takes {@code --help}: walk the whole command tree and try each. */
class HelpEverywhereTest {

    @Test
    void everyCommandAndSubcommandPrintsItsUsage() {
        List<List<String>> paths = new ArrayList<>();
        collect(CovidXrayCli.commandLine(null), new ArrayList<>(), paths);
        assertTrue(paths.size() > 10, "expected the whole tree, found " + paths);
        List<Executable> checks = new ArrayList<>();
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                checks.add(() -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    CliRun run = CliRun.of(args.toArray(String[]::new));
                    String command = String.join(" ", path);
                    assertEquals(0, run.code(), command + " " + flag + ": " + run.err());
                    assertTrue(run.out().contains("Usage: covid-xray" + (path.isEmpty() ? "" : " " + command) + " "),
                            command + " " + flag + " printed: " + run.out());
                    assertTrue(run.err().isEmpty(), command + " " + flag + " wrote to stderr: " + run.err());
                });
            }
        }
        assertAll(checks);
    }

    @Test
    void helpSubcommandNamesEveryCommand() {
        CliRun run = CliRun.of("help");
        assertEquals(0, run.code(), run.err());
        CovidXrayCli.commandLine(null).getSubcommands().keySet()
                .forEach(name -> assertTrue(run.out().contains(name), name + " missing from: " + run.out()));
    }

    @Test
    void aRunThatNamesACommandBuildsOnlyThatOne() {
        for (String name : CovidXrayCli.commandLine(null).getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            assertEquals(java.util.Set.of(name), CovidXrayCli.commandLine(name).getSubcommands().keySet(), name);
        }
        assertEquals(CovidXrayCli.SUBCOMMANDS.size(), CovidXrayCli.commandLine("clasify").getSubcommands().size(),
                "a mistyped name gets the whole tree, so picocli can suggest the right one");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && !sub.getCommandName().equals(name)) {
                return; // an alias: same command as its main name
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
