package io.github.covidxray.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Heatmap;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.PreprocessingSpec;
import io.github.covidxray.core.PreprocessingSpec.LungFocus;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.explain.LungFocuser;
import io.github.covidxray.core.model.ModelBundle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bundle whose spec asks for a lung crop: the classifier opens the bundled segmenter itself, classifies exactly
 * what {@link LungFocuser} makes of the image, and maps class activation maps back onto the image as read.
 * Uses the default model's weights with a changed spec (not a model trained that way: only the plumbing is tested).
 */
class LungFocusedClassifierTest {

    private static final Path SAMPLE = Path.of("../samples/covid-pa-1.jpg");

    @Test
    void aCropSpecClassifiesTheCropAndMapsItsHeatmapBackOntoTheImage() throws Exception {
        ModelBundle copy = ModelBundle.fromClasspath(CovidClassifier.DEFAULT_MODEL_RESOURCE,
                LungFocusedClassifierTest.class.getClassLoader());
        PreprocessingSpec spec = copy.card().preprocessing().toBuilder().optLungFocus(LungFocus.CROP, 0.05).build();
        copy = copy.update(copy.card().withPreprocessing(spec));
        XrayImage image = XrayImage.read(SAMPLE);
        try (CovidClassifier plain = CovidClassifier.loadDefault();
                CovidClassifier cropped = CovidClassifier.load(copy.directory());
                LungSegmenter segmenter = LungSegmenter.loadDefault()) {
            LungFocuser.Focused f = LungFocuser.apply(image, segmenter.segment(image), spec);
            assertFalse(f.fellBack(), "the sample's mask should be plausible");
            assertTrue(f.image().width() < image.width(), "the crop is smaller than the image");
            List<Double> expected = plain.classify(f.image()).probabilities();
            List<Double> got = cropped.classify(image).probabilities();
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), got.get(i), 1e-5, "class " + i);
            }
            List<Double> whole = plain.classify(image).probabilities();
            assertTrue(Math.abs(whole.get(0) - got.get(0)) > 1e-4, "the crop changes the input: " + whole + " " + got);

            Heatmap map = cropped.explain(image, ExplanationMethod.CAM).heatmap();
            double inside = 0;
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    double x = (c + 0.5) * image.width() / map.cols();
                    double y = (r + 0.5) * image.height() / map.rows();
                    boolean inCrop = x >= f.x() && x < f.x() + f.image().width() && y >= f.y()
                            && y < f.y() + f.image().height();
                    if (!inCrop) {
                        assertEquals(0f, map.value(r, c), "cell " + r + "," + c + " lies outside the crop");
                    } else {
                        inside += map.value(r, c);
                    }
                }
            }
            assertTrue(inside > 0, "the map has mass inside the crop");
        }
    }
}
