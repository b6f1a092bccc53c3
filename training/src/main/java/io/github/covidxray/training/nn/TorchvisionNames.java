package io.github.covidxray.training.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records, while a network is being built, which DJL {@link Parameter} holds which tensor of torchvision's
 * {@code state_dict}. DJL numbers its child blocks ({@code 01Conv2d_weight}), so matching names after the
 * fact would be fragile; recording at build time makes the mapping exact. Not thread-safe (build-time only).
 */
final class TorchvisionNames {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /**
     * Registers a block's direct parameters under a torchvision prefix, translating DJL's names
     * ({@code gamma, beta, runningMean, runningVar}) to torchvision's ({@code weight, bias, running_mean,
     * running_var}).
     *
     * @param prefix the torchvision module path, for example {@code features.0.1}
     * @param block a {@code Conv2d}, {@code BatchNorm} or {@code Linear} block
     * @return the block, for chaining
     */
    <B extends Block> B register(String prefix, B block) {
        for (var pair : block.getDirectParameters()) {
            String key = prefix + "." + torchvisionName(pair.getKey());
            if (byName.put(key, pair.getValue()) != null) {
                throw new IllegalStateException("duplicate torchvision name " + key);
            }
        }
        return block;
    }

    /** @return the torchvision name to parameter map, in torchvision's {@code state_dict} order */
    Map<String, Parameter> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    private static String torchvisionName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}
