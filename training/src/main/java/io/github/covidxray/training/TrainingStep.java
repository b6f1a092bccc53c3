package io.github.covidxray.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * One optimisation step on one batch: forward in training mode, the trainer's loss, backward, optimiser
 * update. The arrays should live in a per-step sub-manager of the trainer's manager (closed after the step),
 * or intermediate results pile up. Stateless; a trainer is not thread-safe, so one step at a time.
 */
public final class TrainingStep {

    private TrainingStep() {}

    /**
     * The outcome of a step.
     *
     * @param loss the batch loss before the update
     * @param correct images whose top-scoring class was the label
     */
    public record Result(float loss, long correct) {}

    /**
     * @param trainer the trainer (its loss takes labels and logits)
     * @param images the batch {@code [N, C, H, W]}
     * @param labels class indices {@code [N]}
     * @return the loss and the number of correct predictions
     */
    public static Result run(Trainer trainer, NDArray images, NDArray labels) {
        NDArray logits;
        NDArray loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            logits = trainer.forward(new NDList(images)).singletonOrThrow();
            loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
            collector.backward(loss);
        }
        trainer.step();
        long correct = logits.argMax(1).toType(DataType.INT32, false)
                .eq(labels.toType(DataType.INT32, false)).countNonzero().getLong();
        return new Result(loss.getFloat(), correct);
    }
}
