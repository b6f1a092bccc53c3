package io.github.covidxray.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsCountRateAndEtaFromTheClock() {
        AtomicLong clock = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 100, false, 1_000_000_000L, clock::get);
        clock.set(10_000_000_000L); // 10 s for the first 25 images: 2.5 img/s, 75 left: 30 s
        bar.advance(25, 1);
        String line = text.toString();
        assertTrue(line.startsWith("[########----------------------] 25/100  25.0% 2.5 img/s ETA 0:30 (1 failed)"),
                line);
    }

    @Test
    void printsLinesOnlyEveryIntervalWhenNotATerminal() {
        AtomicLong clock = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 1000, false, 1_000_000_000L, clock::get);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(300_000_000L);
            bar.advance(1, 0);
        }
        // Drawn at 0.3 s (the first) and then once at least a second has passed: 1.5 s, 2.7 s.
        assertEquals(3, text.toString().lines().count(), text.toString());
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        AtomicLong clock = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 2, true, 0, clock::get);
        clock.set(1_000_000_000L);
        bar.advance(2, 0);
        bar.finish();
        assertTrue(text.toString().startsWith("\r[##############################] 2/2"), text.toString());
        assertEquals(1, text.toString().chars().filter(c -> c == '\n').count(), "one line, redrawn");
    }

    @Test
    void formatsLongDurationsWithHours() {
        assertEquals("1:01:01", ProgressBar.duration(3661));
        assertEquals("0:59", ProgressBar.duration(59));
    }
}
