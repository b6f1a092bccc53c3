package io.github.covidxray.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ExplanationOverlayTest {

    private static final List<String> LABELS = List.of("covid", "normal", "pneumonia");

    private static Explanation explanation(boolean ood) {
        float[] v = new float[49];
        v[0] = 1f; // top-left cell only
        Prediction p = Prediction.of(LABELS, new double[] {0.8, 0.15, 0.05}, null);
        return new Explanation(ood ? p.withOod(42.0, true) : p, "covid", ExplanationMethod.OCCLUSION, new Heatmap(7, 7, v));
    }

    @Test
    void thePngShowsTheXrayWithTheMapWhereItIsHighAndPlainGreyElsewhere() throws Exception {
        XrayImage image = XrayImage.ofGray8(400, 200, new byte[400 * 200], "patient-name.png");
        byte[] png = ExplanationOverlay.png(image, explanation(false));
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(ExplanationOverlay.SIZE, read.getWidth());
        assertTrue(read.getHeight() > 256, "X-ray 256 high plus a caption band");
        int hot = read.getRGB(10, 10);
        int cold = read.getRGB(500, 240);
        assertFalse(((hot >> 16) & 0xFF) == (hot & 0xFF), "the salient corner is coloured");
        assertEquals((cold >> 16) & 0xFF, cold & 0xFF, "a cell with no importance stays grey");
    }

    @Test
    void theCaptionNamesLabelScoreMethodAndNoticeButNoLabelForAnOutOfDistributionInput() {
        List<String> normal = ExplanationOverlay.caption(explanation(false));
        assertTrue(normal.get(0).contains("covid 0.800"), normal.toString());
        assertTrue(String.join(" ", normal).contains("occlusion"));
        assertTrue(normal.contains(ExplanationOverlay.NOTICE));
        List<String> ood = ExplanationOverlay.caption(explanation(true));
        assertTrue(ood.get(0).startsWith("OUT OF DISTRIBUTION"), ood.toString());
        assertFalse(String.join(" ", ood).contains("covid"), "no label for an input the model does not know: " + ood);
        assertTrue(ood.contains(ExplanationOverlay.NOTICE));
    }

    @Test
    void theColourMapGetsLighterAllTheWay() {
        double last = -1;
        for (int i = 0; i <= 255; i++) {
            int rgb = ExplanationOverlay.colour(i / 255f);
            double luma = 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
            assertTrue(luma > last, "lightness falls at " + i);
            last = luma;
        }
    }
}
