package io.github.covidxray.study;

import io.github.covidxray.augment.Augmenter;
import java.util.Locale;

/** Augmentation presets by name. */
final class Presets {

    private Presets() {}

    static Augmenter augmenter(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "conservative" -> Augmenter.chestXrayConservative();
            case "aggressive" -> Augmenter.aggressive();
            default -> throw new IllegalArgumentException("unknown augmentation preset '" + name
                    + "': expected none, conservative or aggressive");
        };
    }
}
