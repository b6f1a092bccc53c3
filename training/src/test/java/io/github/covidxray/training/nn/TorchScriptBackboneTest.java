package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.covidxray.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptBackboneTest {

    @TempDir
    Path tmp;

    @Test
    void scriptedBackboneWithNewHeadFineTunesAndFreezes() throws Exception {
        Path pt = SharedData.requireTorchvisionModels().resolve("mobilenet_v2_backbone_script.pt");
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(pt, true);
                Model model = Model.newInstance("tsnet", TorchScriptBackbone.ENGINE)) {
            ClassifierNetwork net = backbone.newClassifier(3, 3, 0.2f);
            assertEquals(1280, net.featureSize());
            model.setBlock(net);
            net.initialize(model.getNDManager(), 64);
            Parameter backboneWeight = net.backbone().getParameters().values().get(0);
            Parameter headWeight = net.head().getParameters().values().stream()
                    .filter(p -> p.getType() == Parameter.Type.WEIGHT).findFirst().orElseThrow();

            NDArray b0 = backboneWeight.getArray().duplicate();
            NDArray h0 = headWeight.getArray().duplicate();
            trainSteps(model, 2);
            assertFalse(b0.contentEquals(backboneWeight.getArray()), "trainable backbone weights change");
            assertFalse(h0.contentEquals(headWeight.getArray()), "head weights change");

            net.setBackboneFrozen(true);
            NDArray b1 = backboneWeight.getArray().duplicate();
            NDArray h1 = headWeight.getArray().duplicate();
            trainSteps(model, 2);
            assertTrue(b1.contentEquals(backboneWeight.getArray()), "frozen backbone weights stay");
            assertFalse(h1.contentEquals(headWeight.getArray()), "head still trains");
        }
    }

    @Test
    void missingAndInvalidFilesAreReported() throws IOException {
        Path missing = tmp.resolve("none.pt");
        IOException e = assertThrows(IOException.class, () -> TorchScriptBackbone.load(missing, false));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path junk = tmp.resolve("junk.pt");
        Files.writeString(junk, "not torchscript");
        MalformedModelException m = assertThrows(MalformedModelException.class,
                () -> TorchScriptBackbone.load(junk, false));
        assertTrue(m.getMessage().contains(junk.toString()), m.getMessage());
    }

    private static void trainSteps(Model model, int steps) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            for (int i = 0; i < steps; i++) {
                try (NDManager step = trainer.getManager().newSubManager();
                        GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray x = step.randomUniform(0, 1, new Shape(4, 3, 64, 64));
                    NDArray y = step.create(new float[] {0, 1, 2, 0});
                    NDList pred = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
                    collector.backward(loss);
                }
                trainer.step();
            }
        }
    }
}
