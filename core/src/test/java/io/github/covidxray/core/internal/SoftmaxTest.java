package io.github.covidxray.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    @Test
    void matchesTheDefinitionAndSumsToOne() {
        float[] logits = {1.5f, -0.25f, 0.75f};
        double[] p = Softmax.of(logits);
        double z = Math.exp(1.5) + Math.exp(-0.25) + Math.exp(0.75);
        assertEquals(Math.exp(1.5) / z, p[0], 1e-12);
        assertEquals(Math.exp(-0.25) / z, p[1], 1e-12);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        double[] p = Softmax.of(new float[] {1000f, 999f, -1000f});
        assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-12);
        assertEquals(0.0, p[2], 1e-300);
        assertTrue(Double.isFinite(p[1]));
    }

    @Test
    void logitsCloserThanFloatResolutionStayDistinct() {
        // Random-weight torchvision MobileNetV2 gives logits of about 1e-9: in float, every softmax is 1/3.
        double[] p = Softmax.of(new float[] {8.8e-10f, 6.7e-10f, -5.6e-10f});
        assertTrue(p[0] > p[1] && p[1] > p[2]);
        Prediction prediction = Prediction.of(List.of("a", "b", "c"), p, null);
        assertEquals("a", prediction.label());
        assertNotEquals(prediction.probability("a"), prediction.probability("b"));
    }
}
