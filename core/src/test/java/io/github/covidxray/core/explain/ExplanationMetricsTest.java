package io.github.covidxray.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.XrayImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Saliency mass, blanking, shortcut controls and the fidelity check. */
class ExplanationMetricsTest {

    @Test
    void saliencyMassCountsCellsByTheirOverlapWithTheRegion() {
        XrayImage image = XrayImage.ofGray8(100, 100, new byte[100 * 100], "flat");
        boolean[] centre = ImageRegion.centralLungField().mask(image);
        assertEquals(0.49, SaliencyMass.areaShare(centre), 1e-9);
        float[] flat = new float[16];
        java.util.Arrays.fill(flat, 1f);
        assertEquals(0.49, SaliencyMass.insideShare(new Heatmap(4, 4, flat), centre, 100, 100), 1e-9);
        float[] middle = new float[16];
        middle[5] = middle[6] = middle[9] = middle[10] = 1f;
        assertEquals(1.0, SaliencyMass.insideShare(new Heatmap(4, 4, middle), centre, 100, 100), 1e-9);
        float[] corner = new float[16];
        corner[0] = 2f;
        // Cell (0,0) spans pixels 0..24; the box starts at 15, so 10x10 of its 25x25 pixels are inside.
        assertEquals(100.0 / 625, SaliencyMass.insideShare(new Heatmap(4, 4, corner), centre, 100, 100), 1e-9);
        assertTrue(Double.isNaN(SaliencyMass.insideShare(new Heatmap(4, 4, new float[16]), centre, 100, 100)));
    }

    @Test
    void controlsBlankTheLungFieldOrEverythingElseWithTheImageMean() {
        byte[] px = new byte[40 * 40];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 40 < 20 ? 10 : 250);
        }
        XrayImage image = XrayImage.ofGray8(40, 40, px, "halves");
        int mean = Blanking.meanValue(image);
        assertEquals(130, mean);
        XrayImage lungsHidden = ShortcutControl.LUNGS_HIDDEN.apply(image, ImageRegion.centralLungField());
        XrayImage borderHidden = ShortcutControl.BORDER_HIDDEN.apply(image, ImageRegion.centralLungField());
        assertEquals(mean, lungsHidden.pixel(20, 20));
        assertEquals(10, lungsHidden.pixel(0, 0));
        assertEquals(image.pixel(20, 20), borderHidden.pixel(20, 20));
        assertEquals(mean, borderHidden.pixel(0, 0));
        assertEquals(mean, borderHidden.pixel(39, 39));
        assertEquals("halves", lungsHidden.source());
        assertEquals(ShortcutControl.BORDER_HIDDEN, ShortcutControl.parse("border-hidden"));
        assertThrows(IllegalArgumentException.class, () -> ShortcutControl.parse("eyes-closed"));
        assertThrows(IllegalArgumentException.class, () -> ImageRegion.box(0.5, 0, 0.5, 1));
    }

    @Test
    void aControlledClassifierSeesOnlyTheBlankedImage() throws Exception {
        // A model reading only the box in the middle loses its evidence when the lungs are hidden.
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(0.4, 0.4, 0.6, 0.6);
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(50, 50, 0.4, 0.4, 0.6, 0.6);
        double plain = model.classify(image).probability("covid");
        var hidden = ShortcutControl.LUNGS_HIDDEN.applyTo(model, ImageRegion.centralLungField());
        double masked = hidden.classify(java.util.List.of(image)).get(0).probability("covid");
        assertTrue(plain > 0.9 && masked < 0.6, plain + " vs " + masked);
        hidden.close();
        assertEquals(plain, model.classify(image).probability("covid"), 1e-12, "closing the view leaves the model open");
    }

    @Test
    void blankingTheSalientCellsCostsMoreThanBlankingRandomOnes() throws Exception {
        BoxSensitiveClassifier model = new BoxSensitiveClassifier(0.25, 0.5, 0.5, 0.75);
        XrayImage image = BoxSensitiveClassifier.imageWithBrightBox(96, 96, 0.25, 0.5, 0.5, 0.75);
        Explanation e = OcclusionExplainer.standard().explain(model, image);
        double salient = 0;
        double random = 0;
        Random rng = new Random(1);
        for (int i = 0; i < 20; i++) {
            ExplanationFidelity.Drops d = ExplanationFidelity.measure(model, image, e, 0.1, rng);
            assertEquals(7, d.cells());
            salient += d.salientDrop();
            random += d.randomDrop();
        }
        assertTrue(salient / 20 > 0.3 && salient > 3 * random, "salient " + salient / 20 + ", random " + random / 20);
    }
}
