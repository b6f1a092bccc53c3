package io.github.covidxray.export;

import ai.djl.nn.Block;
import io.github.covidxray.core.spi.ArchitectureProvider;
import io.github.covidxray.training.nn.DenseNet121Block;
import io.github.covidxray.training.nn.MobileNetV2Block;
import java.util.Optional;

/**
 * Test-only provider of the two architectures, until covid-xray-training registers its own; remove it then.
 */
public final class TestArchitectures implements ArchitectureProvider {

    @Override
    public Optional<Block> create(String architecture, int inputChannels, int numClasses) {
        return switch (architecture) {
            case MobileNetV2Block.ARCHITECTURE -> Optional.of(MobileNetV2Block.builder().setNumClasses(numClasses)
                    .optInChannels(inputChannels).build());
            case DenseNet121Block.ARCHITECTURE -> Optional.of(DenseNet121Block.builder().setNumClasses(numClasses)
                    .optInChannels(inputChannels).build());
            default -> Optional.empty();
        };
    }
}
