package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.model.ModelCard;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.testing.TestImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassificationPipeline.Stages}: inputs are prepared on the decoder threads and only the batches run on
 * the calling thread; a failed preparation costs only its input; a closed classifier ends the run.
 */
class ClassificationPipelineStagesTest {

    /** "Prepares" an image into its mean pixel, and answers by that mean; records which threads did what. */
    private static final class MeanStages implements ClassificationPipeline.Stages<double[]> {
        final Set<String> preparedOn = ConcurrentHashMap.newKeySet();
        final Set<String> classifiedOn = ConcurrentHashMap.newKeySet();
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile String failOn;
        volatile boolean closed;

        @Override
        public double[] prepare(XrayImage image) throws TranslateException {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (image.source().equals(failOn)) {
                throw new TranslateException("lung focus failed");
            }
            preparedOn.add(Thread.currentThread().getName());
            int[] px = image.toIntArray();
            double sum = 0;
            for (int p : px) {
                sum += p;
            }
            return new double[] {sum / px.length / image.maxValue()};
        }

        @Override
        public List<Prediction> classifyPrepared(List<double[]> prepared) {
            classifiedOn.add(Thread.currentThread().getName());
            batchSizes.add(prepared.size());
            List<Prediction> out = new ArrayList<>();
            for (double[] p : prepared) {
                out.add(Prediction.of(List.of("bright", "dark"), new double[] {p[0], 1 - p[0]}, null));
            }
            return out;
        }
    }

    private static final ModelCard CARD = ModelCard.builder().setName("mean").setArchitecture("mean")
            .setLabels(List.of("bright", "dark")).setPreprocessing(PreprocessingSpec.builder().setSize(32).build())
            .setWeights(ModelFormat.ONNX, "none.onnx").build();

    /** Only its card (for the read options) is used: the stages do the work. */
    private static final CovidClassifier CARD_ONLY = new CovidClassifier() {
        @Override
        public Prediction classify(XrayImage image) {
            throw new AssertionError("the pipeline must go through its stages");
        }

        @Override
        public List<Prediction> classify(List<XrayImage> images) {
            throw new AssertionError("the pipeline must go through its stages");
        }

        @Override
        public Explanation explain(XrayImage image) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Explanation explain(XrayImage image, ExplanationMethod method) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModelCard card() {
            return CARD;
        }

        @Override
        public String engine() {
            return "none";
        }

        @Override
        public void close() {}
    };

    /** Gray images whose mean brightness is i / n, named by index. */
    private static List<ImageSource> sources(int n) {
        List<ImageSource> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int level = (i * 255) / n;
            byte[] png = TestImages.encode(TestImages.gray8(32, 32, (x, y) -> level), "png");
            out.add(ImageSource.of(png, "img-" + i));
        }
        return out;
    }

    @Test
    void inputsArePreparedOnDecoderThreadsAndBatchesRunOnTheCaller() {
        MeanStages stages = new MeanStages();
        ClassificationPipeline pipeline = new ClassificationPipeline(CARD_ONLY, stages, 4, 2, 1L << 20);
        List<ClassificationOutcome> outcomes = pipeline.classifyAll(sources(10));

        assertEquals(10, outcomes.size());
        for (int i = 0; i < 10; i++) {
            assertEquals("img-" + i, outcomes.get(i).input());
            assertTrue(outcomes.get(i).ok(), String.valueOf(outcomes.get(i).failure()));
            assertEquals((double) ((i * 255) / 10) / 255, outcomes.get(i).prediction().probability("bright"), 1e-9);
        }
        String caller = Thread.currentThread().getName();
        assertFalse(stages.preparedOn.isEmpty());
        stages.preparedOn.forEach(t -> assertTrue(t.startsWith("covid-xray-decode-"), "prepared on " + t));
        assertEquals(Set.of(caller), stages.classifiedOn);
        assertTrue(stages.batchSizes.stream().allMatch(s -> s <= 4), "batches " + stages.batchSizes);
    }

    @Test
    void aFailedPreparationCostsOnlyItsInput() {
        MeanStages stages = new MeanStages();
        stages.failOn = "img-3";
        List<ClassificationOutcome> outcomes = new ClassificationPipeline(CARD_ONLY, stages, 4, 2, 1L << 20)
                .classifyAll(sources(8));

        assertEquals(8, outcomes.size());
        for (int i = 0; i < 8; i++) {
            assertEquals("img-" + i, outcomes.get(i).input());
            assertEquals(i != 3, outcomes.get(i).ok(), "img-" + i);
        }
        ClassificationException failure = assertInstanceOf(ClassificationException.class, outcomes.get(3).failure());
        assertTrue(failure.getMessage().contains("img-3") && failure.getMessage().contains("lung focus failed"),
                failure.getMessage());
    }

    @Test
    void aClosedClassifierEndsTheRun() {
        MeanStages stages = new MeanStages();
        stages.closed = true;
        ClassificationPipeline pipeline = new ClassificationPipeline(CARD_ONLY, stages, 4, 2, 1L << 20);
        assertThrows(IllegalStateException.class, () -> pipeline.classifyAll(sources(6)));
    }
}
