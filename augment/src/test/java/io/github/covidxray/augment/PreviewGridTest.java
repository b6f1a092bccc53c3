package io.github.covidxray.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.XrayImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewGridTest {

    @Test
    void gridHasOneTilePerImageOriginalFirst() {
        XrayImage image = TestImages.gray16(60, 40, 12, 1);
        List<AugmentResult> results = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            results.add(Augmenter.aggressive().augment(image, 3, i));
        }
        BufferedImage grid = PreviewGrid.render(image, results, 96);
        // 8 tiles -> 3 columns, 3 rows of 96-pixel tiles plus gaps and captions.
        assertTrue(grid.getWidth() >= 3 * 96 && grid.getWidth() < 4 * 96, "width " + grid.getWidth());
        assertTrue(grid.getHeight() > 3 * 96, "height " + grid.getHeight());
        // The original tile is drawn: its centre is not the background colour.
        int centre = grid.getRGB(6 + 48, 6 + 48) & 0xFFFFFF;
        assertTrue(centre != 0x202020, "original tile missing");
    }

    @Test
    void tinyTilesAreRejected() {
        XrayImage image = TestImages.gray8(8, 8, 1);
        assertThrows(IllegalArgumentException.class, () -> PreviewGrid.render(image, List.of(), 8));
        assertEquals(1, PreviewGrid.render(image, List.of(), 32).getType());
    }
}
