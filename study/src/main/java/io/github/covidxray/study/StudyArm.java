package io.github.covidxray.study;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One arm of the study: a network architecture trained with or without augmentation. Every other setting
 * (seed, schedule, input size, epochs) is the study's and the same for all arms, so arms differ in exactly
 * these two choices. Immutable.
 *
 * @param architecture an architecture the training module builds ({@code mobilenetv2}, {@code densenet121})
 * @param augmentation an augmentation preset name ({@code none}, {@code conservative}, {@code aggressive})
 */
public record StudyArm(String architecture, String augmentation) {

    /** Checks the names are given; the training and augment modules check that they exist. */
    public StudyArm {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(augmentation, "augmentation");
        architecture = architecture.toLowerCase(Locale.ROOT);
        augmentation = augmentation.toLowerCase(Locale.ROOT);
    }

    /** @return the study's four arms: MobileNetV2 and DenseNet-121, each without and with conservative augmentation */
    public static List<StudyArm> defaults() {
        return List.of(new StudyArm("mobilenetv2", "none"), new StudyArm("mobilenetv2", "conservative"),
                new StudyArm("densenet121", "none"), new StudyArm("densenet121", "conservative"));
    }

    /** @return whether the arm trains with augmentation */
    public boolean augmented() {
        return !augmentation.equals("none");
    }

    /** @return a short, file-name-safe name, for example {@code mobilenetv2+conservative} */
    public String name() {
        return architecture + (augmented() ? "+" + augmentation : "");
    }

    /** @return the name a reader sees, for example {@code MobileNetV2, augmented (conservative)} */
    public String title() {
        String arch = switch (architecture) {
            case "mobilenetv2" -> "MobileNetV2";
            case "densenet121" -> "DenseNet-121";
            default -> architecture;
        };
        return arch + (augmented() ? ", augmented (" + augmentation + ")" : ", no augmentation");
    }

    /**
     * @param name an arm name as {@link #name()} writes it
     * @return the arm
     * @throws IllegalArgumentException if the name is empty
     */
    public static StudyArm parse(String name) {
        String[] parts = name.strip().split("\\+", 2);
        if (parts[0].isEmpty()) {
            throw new IllegalArgumentException("empty arm name; expected ARCH or ARCH+PRESET, e.g. densenet121+conservative");
        }
        return new StudyArm(parts[0], parts.length == 2 ? parts[1] : "none");
    }
}
