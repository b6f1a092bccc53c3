package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchClassificationTest {

    private static BatchClassification.Input png(String name, long seed) {
        byte[] bytes = TestImages.encode(TestImages.chestLike(40, 40, seed), "png");
        return () -> XrayImage.read(bytes, name);
    }

    @Test
    void oneBadInputCostsOnlyItself() throws InvalidImageException {
        FakeClassifier fake = FakeClassifier.failingOn("poison");
        BatchClassification.Input undecodable = () -> XrayImage.read(new byte[] {1, 2, 3}, "junk.png");
        List<BatchClassification.Input> inputs =
                List.of(png("a.png", 1), undecodable, png("poison.png", 2), png("b.png", 3));
        List<BatchClassification.Outcome> outcomes = BatchClassification.classify(fake, inputs);
        assertEquals(4, outcomes.size());
        assertEquals(fake.expected(inputs.get(0).read()), outcomes.get(0).prediction());
        assertFalse(outcomes.get(1).ok());
        assertTrue(outcomes.get(1).error().startsWith("junk.png"), outcomes.get(1).error());
        assertFalse(outcomes.get(2).ok(), "the engine fails on this one alone too");
        assertTrue(outcomes.get(2).error().contains("poison.png"), outcomes.get(2).error());
        assertEquals(fake.expected(inputs.get(3).read()), outcomes.get(3).prediction(),
                "the batch failed, but the image was retried alone");
    }

    @Test
    void noReadableInputMeansNoModelCall() {
        FakeClassifier crashOnAnyCall = FakeClassifier.crashingAfter(0);
        List<BatchClassification.Outcome> outcomes = BatchClassification.classify(crashOnAnyCall,
                List.of(() -> XrayImage.read(new byte[0], "empty.png")));
        assertFalse(outcomes.get(0).ok());
    }
}
