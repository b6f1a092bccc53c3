package io.github.covidxray.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.covidxray.augment.SampleSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPartsTest {

    @Test
    void scheduleWarmsUpLinearlyThenFollowsACosineToTheFloor() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(1f, 101, 0.1f, 0.01f); // 10 warm-up steps
        assertEquals(1f / 11, s.rateAt(0), 1e-6);
        assertEquals(10f / 11, s.rateAt(9), 1e-6);
        assertEquals(1f, s.rateAt(10), 1e-6);
        assertEquals(0.01 + 0.99 * 0.5, s.rateAt(10 + 45), 1e-6); // half-way through the 90 decay steps
        assertEquals(0.01f, s.rateAt(100), 1e-6);
        s.setStep(55);
        assertEquals(s.rateAt(55), s.getNewValue(12345), 0f);
    }

    @Test
    void weightedCrossEntropyMatchesHandComputedValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            // logits for 2 images, 2 classes; log-softmax of (0, ln 3) is (ln 1/4, ln 3/4)
            float ln3 = (float) Math.log(3);
            NDList logits = new NDList(m.create(new float[] {0, ln3, 0, ln3}, new ai.djl.ndarray.types.Shape(2, 2)));
            NDList labels = new NDList(m.create(new float[] {0, 1}));
            double nll0 = -Math.log(0.25);
            double nll1 = -Math.log(0.75);
            float plain = new WeightedCrossEntropyLoss(new float[] {1, 1}).evaluate(labels, logits).getFloat();
            assertEquals((nll0 + nll1) / 2, plain, 1e-5);
            float weighted = new WeightedCrossEntropyLoss(new float[] {3, 1}).evaluate(labels, logits).getFloat();
            assertEquals((3 * nll0 + nll1) / 4, weighted, 1e-5);
        }
    }

    @Test
    void balancedWeightsGiveEachClassTheSameTotal() {
        float[] w = WeightedCrossEntropyLoss.balancedWeights(new int[] {412, 1050, 58, 0});
        assertEquals(1520f / (4 * 412), w[0], 1e-4);
        assertEquals(412 * w[0], 58 * w[2], 1e-2);
        assertEquals(0f, w[3]);
    }

    @Test
    void macroAucSkipsAClassWithoutPositives() {
        float[][] p = {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}, {0.6f, 0.4f, 0f}};
        ValidationMetrics m = ValidationMetrics.of(List.of("a", "b", "c"), p, new int[] {0, 1, 1}, 0.5);
        assertEquals(1.0, m.auc().get("a"), 1e-12);
        assertEquals(1.0, m.auc().get("b"), 1e-12);
        assertTrue(Double.isNaN(m.auc().get("c")));
        assertEquals(1.0, m.macroAuc(), 1e-12);
        assertEquals(2 / 3.0, m.accuracy(), 1e-12);
        assertEquals(null, ((java.util.Map<?, ?>) m.toMap().get("auc")).get("c"), "NaN written as null");
    }

    @Test
    void balancedSamplingDrawsClassesEquallyAndIsSeeded() {
        List<BatchPipeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            samples.add(new BatchPipeline.Sample(Path.of("a" + i), 0));
        }
        for (int i = 0; i < 100; i++) {
            samples.add(new BatchPipeline.Sample(Path.of("b" + i), 1));
        }
        EpochSampler balanced = new EpochSampler(samples, 2, true, 1);
        List<BatchPipeline.Sample> order = balanced.order(0);
        long rare = order.stream().filter(s -> s.label() == 1).count();
        assertEquals(1000, order.size());
        assertTrue(rare > 430 && rare < 570, "rare class drawn " + rare + " times of 1000");
        assertEquals(order, balanced.order(0));
        assertNotEquals(order, balanced.order(1));
        List<BatchPipeline.Sample> shuffled = new EpochSampler(samples, 2, false, 1).order(0);
        assertEquals(100, shuffled.stream().filter(s -> s.label() == 1).count());
    }

    @Test
    void configRejectsOutOfRangeValuesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optBatchSize(1).build());
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optEpochs(0, 0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optSchedule(1f, 0f).build());
        assertEquals("covid-xray-densenet121",
                TrainingConfig.builder().optArchitecture("densenet121").build().modelName());
    }

    @Test
    void trainerDrawsKeepTheirSeedsFromBeforeTheyMovedToSampleSeeds() {
        // The values the trainer's own mix(seed, index) gave (epoch 0 of seed 7; sample 5 of epoch 2), so runs
        // with a given seed, the shipped default model's included, keep their shuffles and augmentations.
        assertEquals(7191089600892374487L, SampleSeeds.key(7, 0));
        assertEquals(855719631545641372L, SampleSeeds.key(7, 2, 5));
    }
}
