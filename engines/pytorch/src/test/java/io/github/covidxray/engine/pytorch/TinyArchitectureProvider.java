package io.github.covidxray.engine.pytorch;

import ai.djl.nn.Block;
import io.github.covidxray.core.spi.ArchitectureProvider;
import java.util.Optional;

/** Test-only provider of the {@code tiny-cnn} architecture, registered in the test resources. */
public final class TinyArchitectureProvider implements ArchitectureProvider {

    /** Created by {@link java.util.ServiceLoader}. */
    public TinyArchitectureProvider() {}

    @Override
    public Optional<Block> create(String architecture, int inputChannels, int numClasses) {
        return TinyBlocks.ARCHITECTURE.equals(architecture) ? Optional.of(TinyBlocks.network(numClasses)) : Optional.empty();
    }
}
