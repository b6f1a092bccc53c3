package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serve} and {@code score} commands' wiring; their behaviour is tested on their classes. */
class ServeScoreCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CovidXrayCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void bothCommandsAreRegisteredWithTheirOptions() {
        Run serve = run("help", "serve");
        assertEquals(0, serve.code(), serve.err());
        for (String option : new String[] {"--port", "--host", "--model", "--max-body-mb", "--timeout", "--max-queue"}) {
            assertTrue(serve.out().contains(option), option + " in " + serve.out());
        }
        assertTrue(serve.out().contains("127.0.0.1"), "loopback is the documented default");
        Run score = run("help", "score");
        assertEquals(0, score.code(), score.err());
        for (String option : new String[] {"--csv", "--resume", "--model", "--batch"}) {
            assertTrue(score.out().contains(option), option + " in " + score.out());
        }
    }

    @Test
    void scoreNeedsACsvAndAFolder() {
        Run run = run("score", tmp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--csv"), run.err());
    }

    @Test
    void aMissingModelIsAOneLineErrorNotACrash() throws Exception {
        Path csv = tmp.resolve("out.csv");
        Run score = run("score", "--csv", csv.toString(), "--model", tmp.resolve("no-such-bundle").toString(),
                tmp.toString());
        assertEquals(1, score.code());
        assertTrue(score.err().startsWith("error: "), score.err());
        assertTrue(score.err().contains("no-such-bundle"), score.err());
        assertFalse(Files.exists(csv), "nothing written without a model");
        Run serve = run("serve", "--port", "0", "--model", tmp.resolve("no-such-bundle").toString());
        assertEquals(1, serve.code());
        assertTrue(serve.err().contains("no-such-bundle"), serve.err());
    }
}
