package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputGeometryTest {

    private static PreprocessingSpec spec(PreprocessingSpec.ResizeMode mode) {
        return PreprocessingSpec.builder().setSize(100, 100).optResizeMode(mode).build();
    }

    @Test
    void centerCropOfAWideImageDropsTheSides() {
        InputGeometry g = InputGeometry.of(spec(PreprocessingSpec.ResizeMode.CENTER_CROP), 300, 100);
        assertEquals(100, g.regionX(), 1e-9);
        assertEquals(0, g.toInputX(100), 1e-9);
        assertEquals(100, g.toInputX(200), 1e-9);
        assertEquals(150, g.toImageX(50), 1e-9);
        // A grid hot only in its left column lands just right of the cropped-away left third.
        float[] grid = {1, 0, 1, 0};
        float[] image = g.toImageGrid(grid, 2, 2, 100, 100, 3, 9);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(0f, image[r * 9 + c], "cropped-away left third is 0");
                assertEquals(0f, image[r * 9 + 6 + c], "cropped-away right third is 0");
            }
            assertTrue(image[r * 9 + 3] > image[r * 9 + 5], "left of the kept middle is hotter");
        }
    }

    @Test
    void letterboxPaddingMapsToNothingAndContentRoundTrips() {
        InputGeometry g = InputGeometry.of(spec(PreprocessingSpec.ResizeMode.LETTERBOX), 200, 100);
        assertEquals(50, g.contentH());
        assertEquals(25, g.contentY());
        assertEquals(0, g.toImageY(25), 1e-9);
        assertEquals(100, g.toImageY(75), 1e-9);
        assertTrue(!g.onContent(50, 10), "the top band is padding");
        float[] image = g.toImageGrid(new float[] {2f}, 1, 1, 100, 100, 7, 7);
        for (float v : image) {
            assertEquals(2f, v, 1e-6, "every image cell lies on content");
        }
    }

    @Test
    void preprocessorUsesTheSameGeometry() {
        XrayPreprocessor pre = new XrayPreprocessor(spec(PreprocessingSpec.ResizeMode.CENTER_CROP));
        XrayImage img = XrayImage.ofGray8(300, 100, new byte[300 * 100], "wide");
        assertEquals(InputGeometry.of(pre.spec(), 300, 100), pre.geometry(img));
    }
}
