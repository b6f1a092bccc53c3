package io.github.covidxray.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.model.OperatingPoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreCsvTest {

    @Test
    void quotedFieldsRoundTrip() throws IOException {
        List<String> first = List.of("dir, with comma/a.png", "say \"hi\"", "multi\nline", "", "plain");
        List<String> second = List.of("b.png", "x");
        StringReader in = new StringReader(ScoreCsv.line(first) + ScoreCsv.line(second));
        assertEquals(first, ScoreCsv.readRecord(in));
        assertEquals(second, ScoreCsv.readRecord(in));
        assertNull(ScoreCsv.readRecord(in));
    }

    @Test
    void quotesOnlyWhenNeeded() {
        assertEquals("a,\"b,c\",\"d\"\"e\"\n", ScoreCsv.line(List.of("a", "b,c", "d\"e")));
    }

    @Test
    void rowsHaveOneColumnPerHeaderField() {
        List<String> labels = List.of("covid", "normal");
        List<String> header = ScoreCsv.header(labels);
        assertEquals(List.of("file", "label", "p_covid", "p_normal", "flagged", "error"), header);
        Prediction flaggedCovid = Prediction.of(labels, new float[] {0.75f, 0.25f},
                new OperatingPoint("covid", 0.5, Double.NaN, Double.NaN, Double.NaN));
        assertEquals(List.of("x.png", "covid", "0.750000", "0.250000", "true", ""),
                ScoreCsv.row("x.png", flaggedCovid));
        assertEquals("", ScoreCsv.row("x.png", Prediction.of(labels, new float[] {0.1f, 0.9f}, null)).get(4),
                "no operating point: flagged left empty");
        List<String> error = ScoreCsv.errorRow("bad.png", 2, "truncated");
        assertEquals(header.size(), error.size());
        assertEquals("truncated", error.get(error.size() - 1));
    }

    @Test
    void refusesInputEndingInsideQuotes() {
        assertThrows(IOException.class, () -> ScoreCsv.readRecord(new StringReader("\"open,field")));
    }
}
