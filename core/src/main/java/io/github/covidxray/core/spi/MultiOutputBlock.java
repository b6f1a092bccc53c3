package io.github.covidxray.core.spi;

import io.github.covidxray.core.model.ModelOutput;
import java.util.List;

/**
 * A DJL block that can return, at inference, more than the class scores (see {@link ModelOutput}): engines
 * running DJL-format bundles select the outputs the bundle's card lists, so a {@code .params} bundle gives the
 * same outputs as its ONNX export.
 */
public interface MultiOutputBlock {

    /** @return the outputs this block can return, class scores first */
    List<ModelOutput> supportedOutputs();

    /**
     * Chooses what inference returns, in order; training always returns the class scores alone.
     *
     * @param outputs a list starting with {@link ModelOutput#SCORES}, each supported
     * @throws IllegalArgumentException if an output is not supported or the scores are not first
     */
    void selectOutputs(List<ModelOutput> outputs);
}
