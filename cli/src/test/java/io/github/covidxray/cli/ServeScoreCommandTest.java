package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serve} and {@code score} commands' wiring; their behaviour is tested on their classes. */
class ServeScoreCommandTest {

    @TempDir
    Path tmp;

    @Test
    void bothCommandsAreRegisteredWithTheirOptions() {
        CliRun serve = CliRun.of("help", "serve");
        assertEquals(0, serve.code(), serve.err());
        for (String option : new String[] {"--port", "--host", "--model", "--max-body-mb", "--timeout", "--max-queue"}) {
            assertTrue(serve.out().contains(option), option + " in " + serve.out());
        }
        assertTrue(serve.out().contains("127.0.0.1"), "loopback is the documented default");
        CliRun score = CliRun.of("help", "score");
        assertEquals(0, score.code(), score.err());
        for (String option : new String[] {"--csv", "--resume", "--model", "--batch"}) {
            assertTrue(score.out().contains(option), option + " in " + score.out());
        }
    }

    @Test
    void scoreNeedsACsvAndAFolder() {
        CliRun run = CliRun.of("score", tmp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--csv"), run.err());
    }

    @Test
    void aMissingModelIsAOneLineErrorNotACrash() throws Exception {
        Path csv = tmp.resolve("out.csv");
        CliRun score = CliRun.of("score", "--csv", csv.toString(), "--model", tmp.resolve("no-such-bundle").toString(),
                tmp.toString());
        assertEquals(1, score.code());
        assertTrue(score.err().startsWith("error: "), score.err());
        assertTrue(score.err().contains("no-such-bundle"), score.err());
        assertFalse(Files.exists(csv), "nothing written without a model");
        CliRun serve = CliRun.of("serve", "--port", "0", "--model", tmp.resolve("no-such-bundle").toString());
        assertEquals(1, serve.code());
        assertTrue(serve.err().contains("no-such-bundle"), serve.err());
    }
}
