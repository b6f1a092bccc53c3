package io.github.covidxray.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.covidxray.training.nn.ClassifierNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Re-estimates BatchNorm running statistics for the current weights ("precise BatchNorm"): forwards
 * training batches in training mode, recovers each batch's own mean and variance from the moving-average
 * update, and stores their plain average. Running averages updated during training lag behind weights that
 * change fast (training from scratch, high learning rates, Adam), which can make inference-mode outputs
 * near-constant although training-mode outputs are right; this removes that lag. Not thread-safe.
 */
final class BatchNormRecalibration {

    /** DJL's BatchNorm keeps {@code 0.9 * old + 0.1 * batch}; see {@code Layers.batchNorm()}. */
    private static final float KEEP = 0.9f;

    private BatchNormRecalibration() {}

    /**
     * @param net the network; only BatchNorm layers outside a frozen backbone are re-estimated
     * @param manager scratch memory
     * @param batches input batches, at least two images each
     * @param toArray turns a batch into the network's input
     * @param <B> the batch type
     * @return the number of batches used
     */
    static <B> int run(ClassifierNetwork net, NDManager manager, Iterable<B> batches, Function<B, NDArray> toArray) {
        List<Parameter> stats = new ArrayList<>();
        for (Parameter p : (net.isBackboneFrozen() ? net.head() : net).getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                stats.add(p);
            }
        }
        if (stats.isEmpty()) {
            return 0;
        }
        List<NDArray> sums = new ArrayList<>();
        for (Parameter p : stats) {
            sums.add(manager.zeros(p.getArray().getShape()));
        }
        int used = 0;
        for (B batch : batches) {
            try (NDManager step = manager.newSubManager()) {
                List<NDArray> before = new ArrayList<>();
                for (Parameter p : stats) {
                    NDArray copy = p.getArray().duplicate();
                    copy.attach(step);
                    before.add(copy);
                }
                NDArray x = toArray.apply(batch);
                x.attach(step);
                net.forward(new ParameterStore(step, false), new NDList(x), true);
                for (int i = 0; i < stats.size(); i++) {
                    // after = KEEP * before + (1 - KEEP) * batchStatistic
                    NDArray batchStatistic = before.get(i).mul(-KEEP).addi(stats.get(i).getArray()).divi(1 - KEEP);
                    sums.get(i).addi(batchStatistic);
                }
            }
            used++;
        }
        if (used > 0) {
            for (int i = 0; i < stats.size(); i++) {
                sums.get(i).divi(used).copyTo(stats.get(i).getArray());
            }
        }
        sums.forEach(NDArray::close);
        return used;
    }
}
