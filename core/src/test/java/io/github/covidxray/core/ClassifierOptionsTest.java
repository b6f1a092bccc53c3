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
        int decoders = Math.max(1, CORES / 3);
        assertEquals(decoders, one.effectiveDecodeThreads());
        assertEquals(Math.max(1, CORES - decoders), one.effectiveIntraOpThreads());
        ClassifierOptions single = options().optPoolSize(1).optIntraOpThreads(1).build();
        assertEquals(Math.max(1, CORES - 1), single.effectiveDecodeThreads());
        ClassifierOptions shared = options().optPoolSize(CORES * 2).build();
        assertEquals(1, shared.effectiveIntraOpThreads(), "concurrent callers share the cores");
    }

    @Test
    void setThreadsWinWhateverTheMachine() {
        ClassifierOptions set = options().optIntraOpThreads(3).optDecodeThreads(5).build();
        assertEquals(3, set.effectiveIntraOpThreads());
        assertEquals(5, set.effectiveDecodeThreads());
        assertThrows(IllegalArgumentException.class, () -> options().optDecodeThreads(-1).build());
    }
}
