package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.TestDicom;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier reads files, bytes and streams itself with its bundle's read options: a bundle whose
 * preprocessing applies the DICOM VOI window gets windowed pixels from every source form, never the default
 * read (which ignores the window). Checked on the pixels the model is handed.
 */
class ClassifyFromSourcesTest {

    /** A model that keeps the images it is handed and answers with nothing but their mean. */
    private static final class RecordingClassifier implements CovidClassifier {

        private final List<XrayImage> seen = Collections.synchronizedList(new ArrayList<>());
        private final ModelCard card = ModelCard.builder().setName("recording").setArchitecture("mean")
                .setLabels(List.of("a", "b"))
                .setPreprocessing(PreprocessingSpec.builder().setSize(224)
                        .optDicomIntensity(PreprocessingSpec.DicomIntensity.VOI_WINDOW).build())
                .setWeights(ModelFormat.ONNX, "none.onnx").build();

        @Override
        public Prediction classify(XrayImage image) {
            return classify(List.of(image)).get(0);
        }

        @Override
        public List<Prediction> classify(List<XrayImage> images) {
            List<Prediction> out = new ArrayList<>();
            for (XrayImage image : images) {
                seen.add(image);
                double m = Arrays.stream(image.toIntArray()).average().orElse(0) / image.maxValue();
                out.add(Prediction.of(card.labels(), new double[] {m, 1 - m}, null));
            }
            return out;
        }

        @Override
        public Explanation explain(XrayImage image) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public Explanation explain(XrayImage image, ExplanationMethod method) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public String engine() {
            return "Recording";
        }

        @Override
        public void close() {}
    }

    /** A 12-bit ramp whose window (centre 1000, width 400) maps most pixels to black or white. */
    private static byte[] windowedDicom() {
        int[] stored = new int[32 * 32];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = i * 4;
        }
        return TestDicom.builder(32, 32).bits(16, 12).frame(stored).window(1000, 400).build();
    }

    @Test
    void everySourceFormIsReadWithTheBundlesReadOptions(@TempDir Path dir) throws Exception {
        byte[] dicom = windowedDicom();
        Path file = Files.write(dir.resolve("x.dcm"), dicom);
        RecordingClassifier model = new RecordingClassifier();
        assertTrue(model.readOptions().applyVoiWindow(), "the bundle asks for the VOI window");
        int[] windowed = XrayImage.read(dicom, "x", model.readOptions()).toIntArray();
        int[] plain = XrayImage.read(dicom, "x").toIntArray();
        assertFalse(Arrays.equals(windowed, plain), "the window must change the pixels, or this test shows nothing");

        model.classify(file);
        model.classify(dicom, "bytes.dcm");
        List<ClassificationOutcome> outcomes = model.classifyAll(List.of(ImageSource.of(file),
                ImageSource.of(dicom, "bytes.dcm"), ImageSource.ofStream(() -> new ByteArrayInputStream(dicom),
                        "stream.dcm")));
        List<ClassificationOutcome> streamed = new ArrayList<>();
        model.classifyEach(List.of(ImageSource.of(file)).iterator(), streamed::add);

        assertEquals(3, outcomes.size());
        outcomes.forEach(o -> assertTrue(o.ok(), o.input() + ": " + o.error()));
        assertEquals(1, streamed.size());
        assertTrue(streamed.get(0).ok(), streamed.get(0).error());
        assertEquals(6, model.seen.size(), "one image per input");
        for (XrayImage image : model.seen) {
            assertArrayEquals(windowed, image.toIntArray(), image.source() + " was not read with the bundle's window");
        }
    }
}
