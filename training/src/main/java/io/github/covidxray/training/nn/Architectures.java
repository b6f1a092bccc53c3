package io.github.covidxray.training.nn;

import ai.djl.nn.Block;
import io.github.covidxray.core.spi.ArchitectureProvider;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds networks by name, the names written into {@code model.json}: {@code mobilenetv2},
 * {@code mobilenetv2-<width>} (for example {@code mobilenetv2-0.5}) and {@code densenet121}; as an
 * {@link ArchitectureProvider} also the segmentation network {@code unet-<filters>} ({@link UNetBlock}). Registered as
 * an {@link ArchitectureProvider}, so engine modules can rebuild a trained network from a DJL-format
 * bundle. Stateless and thread-safe.
 */
public final class Architectures implements ArchitectureProvider {

    /** The base names this provider knows. */
    public static final List<String> NAMES = List.of(MobileNetV2Block.ARCHITECTURE, DenseNet121Block.ARCHITECTURE);

    /** The default dropout before the classifier. */
    public static final float DEFAULT_DROPOUT = 0.2f;

    /** For {@link java.util.ServiceLoader}; use the static methods directly. */
    public Architectures() {
        // nothing to set up
    }

    /**
     * @param architecture a name, case-insensitive
     * @param inChannels input channels (1 or 3)
     * @param numClasses number of classes
     * @param dropout dropout before the classifier
     * @return a new uninitialised network
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static ClassifierNetwork create(String architecture, int inChannels, int numClasses, float dropout) {
        String name = architecture.trim().toLowerCase(Locale.ROOT);
        if (name.equals(DenseNet121Block.ARCHITECTURE)) {
            return DenseNet121Block.builder().setNumClasses(numClasses).optInChannels(inChannels)
                    .optDropout(dropout).build();
        }
        if (name.startsWith(MobileNetV2Block.ARCHITECTURE)) {
            String rest = name.substring(MobileNetV2Block.ARCHITECTURE.length());
            float width = 1f;
            if (!rest.isEmpty()) {
                try {
                    width = Float.parseFloat(rest.substring(1));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    throw unknown(architecture);
                }
                if (rest.charAt(0) != '-') {
                    throw unknown(architecture);
                }
            }
            return MobileNetV2Block.builder().setNumClasses(numClasses).optInChannels(inChannels)
                    .optWidthMultiplier(width).optDropout(dropout).build();
        }
        throw unknown(architecture);
    }

    /**
     * @param width the MobileNetV2 width multiplier
     * @return the architecture name, {@code mobilenetv2} for width 1
     */
    public static String mobileNetV2Name(float width) {
        return width == 1f ? MobileNetV2Block.ARCHITECTURE : MobileNetV2Block.ARCHITECTURE + "-" + width;
    }

    private static IllegalArgumentException unknown(String architecture) {
        return new IllegalArgumentException("unknown architecture '" + architecture
                + "'; known: mobilenetv2, mobilenetv2-<width> (e.g. mobilenetv2-0.5), densenet121");
    }

    @Override
    public Optional<Block> create(String architecture, int inputChannels, int numClasses) {
        try {
            if (architecture.trim().toLowerCase(Locale.ROOT).startsWith(UNetBlock.ARCHITECTURE + "-")) {
                return Optional.of(UNetBlock.fromName(architecture, inputChannels));
            }
            return Optional.of(create(architecture, inputChannels, numClasses, DEFAULT_DROPOUT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
