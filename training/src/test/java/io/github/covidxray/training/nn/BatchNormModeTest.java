package io.github.covidxray.training.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BatchNormModeTest {

    @Test
    void trainingForwardUpdatesRunningStatisticsAndUsesBatchStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = newNet(manager);
            NDArray runningMean = stemRunningMean(net);
            NDArray before = runningMean.duplicate();
            NDArray batch = manager.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            NDArray eval = forward(net, batch, manager, false);
            NDArray train = forward(net, batch, manager, true);
            assertFalse(before.contentEquals(runningMean), "running mean moves in training mode");
            assertFalse(eval.allClose(train, 1e-3, 1e-3, false), "batch statistics differ from running ones");
        }
    }

    @Test
    void frozenBackboneRunsBatchNormInEvalModeWhileTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = newNet(manager);
            net.setBackboneFrozen(true);
            NDArray runningMean = stemRunningMean(net);
            NDArray before = runningMean.duplicate();
            NDArray batch = manager.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            NDArray train = forward(net, batch, manager, true);
            NDArray eval = forward(net, batch, manager, false);
            assertTrue(before.contentEquals(runningMean), "running mean kept while frozen");
            assertTrue(eval.allClose(train, 1e-6, 1e-6, false), "frozen training forward equals inference");
            for (Parameter p : net.backbone().getParameters().values()) {
                assertFalse(p.requiresGradient(), p.getName() + " frozen");
            }
        }
    }

    @Test
    void unfreezingNeverMakesRunningStatisticsTrainable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = newNet(manager);
            net.setBackboneFrozen(true);
            net.setBackboneFrozen(false);
            for (Parameter p : net.getParameters().values()) {
                assertTrue(p.requiresGradient() == ClassifierNetwork.isLearnable(p), p.getName());
            }
        }
    }

    @Test
    void inferenceOutputOfAnImageDoesNotDependOnTheRestOfTheBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork net = newNet(manager);
            forward(net, manager.randomUniform(0, 1, new Shape(4, 3, 32, 32)), manager, true); // move statistics
            NDArray batch = manager.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            NDArray all = forward(net, batch, manager, false);
            NDArray first = forward(net, batch.get("0:1"), manager, false);
            assertTrue(all.get("0:1").allClose(first, 1e-5, 1e-6, false));
        }
    }

    private static ClassifierNetwork newNet(NDManager manager) {
        ClassifierNetwork net = MobileNetV2Block.builder().setNumClasses(3).optWidthMultiplier(0.25f)
                .optDropout(0).build();
        net.initialize(manager, 32);
        return net;
    }

    private static NDArray stemRunningMean(ClassifierNetwork net) {
        return net.torchvisionParameters().get("features.0.1.running_mean").getArray();
    }

    private static NDArray forward(ClassifierNetwork net, NDArray x, NDManager manager, boolean training) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow();
    }
}
