package io.github.covidxray.training.nn;

import ai.djl.nn.Block;
import io.github.covidxray.core.spi.ArchitectureProvider;
import java.util.Optional;

/**
 * Builds the networks named in {@code model.json} ({@code mobilenetv2}, {@code densenet121}) for engines and
 * the ONNX exporter that rebuild a DJL-format bundle. Registered as an {@link ArchitectureProvider}.
 * Stateless and thread-safe.
 *
 * <p>Stop-gap written for the ONNX export: the training work replaces this class with its fuller version
 * (width-multiplier names such as {@code mobilenetv2-0.5}); on a merge conflict, take that version.
 */
public final class Architectures implements ArchitectureProvider {

    /** For {@link java.util.ServiceLoader}. */
    public Architectures() {
        // stateless
    }

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
