package io.github.covidxray.training.nn;

/**
 * The options every torchvision-style classifier takes: number of classes (required), input channels and
 * dropout before the classifier. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class ClassifierBuilder<B extends ClassifierBuilder<B>> {

    /** The number of output classes; 0 until set. */
    protected int numClasses;
    /** Input channels; 3 by default. */
    protected int inChannels = 3;
    /** Dropout before the classifier. */
    protected float dropout;

    /**
     * @param defaultDropout the architecture's default dropout
     */
    protected ClassifierBuilder(float defaultDropout) {
        this.dropout = defaultDropout;
    }

    /** @return this builder, typed */
    protected abstract B self();

    /**
     * @param numClasses the number of output classes (required)
     * @return this builder
     */
    public B setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /**
     * @param inChannels input channels: 3 (RGB, as ImageNet weights) or 1 (gray); default 3
     * @return this builder
     */
    public B optInChannels(int inChannels) {
        this.inChannels = inChannels;
        return self();
    }

    /**
     * @param dropout dropout rate before the classifier, in [0, 1)
     * @return this builder
     */
    public B optDropout(float dropout) {
        this.dropout = dropout;
        return self();
    }

    /**
     * Checks the common options.
     *
     * @throws IllegalArgumentException if the number of classes is missing or an option is out of range
     */
    protected void validate() {
        if (numClasses < 1) {
            throw new IllegalArgumentException("setNumClasses is required and must be >= 1, got " + numClasses);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("input channels must be >= 1, got " + inChannels);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
