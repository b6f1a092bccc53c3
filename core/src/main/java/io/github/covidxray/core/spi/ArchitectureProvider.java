package io.github.covidxray.core.spi;

import ai.djl.nn.Block;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Builds the network of a DJL-format bundle ({@code .params} files hold weights, not the graph), found
 * with {@link ServiceLoader}. The training module provides MobileNetV2 and DenseNet-121.
 */
public interface ArchitectureProvider {

    /**
     * @param architecture the architecture name from {@code model.json}
     * @param inputChannels 1 or 3
     * @param numClasses the number of outputs
     * @return a fresh, uninitialised block, or empty if this provider does not know the architecture
     */
    Optional<Block> create(String architecture, int inputChannels, int numClasses);

    /**
     * Asks every provider on the classpath.
     *
     * @param architecture the architecture name
     * @param inputChannels 1 or 3
     * @param numClasses the number of outputs
     * @return the block of the first provider that knows the architecture
     */
    static Optional<Block> find(String architecture, int inputChannels, int numClasses) {
        for (ArchitectureProvider p : ServiceLoader.load(ArchitectureProvider.class)) {
            Optional<Block> block = p.create(architecture, inputChannels, numClasses);
            if (block.isPresent()) {
                return block;
            }
        }
        return Optional.empty();
    }
}
