package io.github.covidxray.training;

/** The optimisation algorithm. */
public enum OptimizerKind {
    /** Adam; weight decay is added to the gradient (L2). */
    ADAM,
    /** AdamW; weight decay is decoupled from the gradient (as {@code torch.optim.AdamW}). Default. */
    ADAMW,
    /** Stochastic gradient descent with momentum. */
    SGD
}
