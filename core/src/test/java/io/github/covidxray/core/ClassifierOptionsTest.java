package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The thread rules of {@link ClassifierOptions}: engine and decoder threads share the processors unless set. */
class ClassifierOptionsTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static ClassifierOptions.Builder options() {
        return ClassifierOptions.builder().setBundle(Path.of("bundle"));
    }

    @Test
    void automaticThreadsSplitTheProcessorsBetweenEngineAndDecoders() {
        ClassifierOptions one = options().optPoolSize(1).build();
        assertEquals(CORES, one.effectiveIntraOpThreads());
        assertEquals(Math.max(1, CORES - CORES), one.effectiveDecodeThreads());
        ClassifierOptions single = options().optPoolSize(1).optIntraOpThreads(1).build();
        assertEquals(Math.max(1, CORES - 1), single.effectiveDecodeThreads());
    }

    @Test
    void setThreadsWinWhateverTheMachine() {
        ClassifierOptions set = options().optIntraOpThreads(3).optDecodeThreads(5).build();
        assertEquals(3, set.effectiveIntraOpThreads());
        assertEquals(5, set.effectiveDecodeThreads());
        assertThrows(IllegalArgumentException.class, () -> options().optDecodeThreads(-1).build());
    }
}
