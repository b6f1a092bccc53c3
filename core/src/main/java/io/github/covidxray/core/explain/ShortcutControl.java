package io.github.covidxray.core.explain;

import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.XrayImage;
import java.util.Locale;

/**
 * A shortcut control: classify images with part of them blanked (with the image's mean, see {@link Blanking})
 * and compare the metrics with the unblanked ones. If a model still separates the classes well with the lungs
 * hidden, it is reading something other than the lungs: markers, borders, text, processing. Thread-safe.
 */
public enum ShortcutControl {
    /** Blank the region (by default the central lung field): what is left is borders, markers and text. */
    LUNGS_HIDDEN,
    /** Blank everything outside the region: only the central lung field is left. */
    BORDER_HIDDEN;

    /** @return the lower-case, dash-separated name used on the command line and in JSON */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name a {@link #cliName()} or enum name, any case
     * @return the control
     * @throws IllegalArgumentException for an unknown name
     */
    public static ShortcutControl parse(String name) {
        for (ShortcutControl c : values()) {
            if (c.cliName().equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown control '" + name + "'; expected lungs-hidden or border-hidden");
    }

    /**
     * @param image the image as read
     * @param region the region (the lung field)
     * @return a copy with the region (LUNGS_HIDDEN) or its complement (BORDER_HIDDEN) blanked
     */
    public XrayImage apply(XrayImage image, ImageRegion region) {
        return Blanking.blank(image, region.mask(image), this == LUNGS_HIDDEN, Blanking.meanValue(image));
    }

    /**
     * A view of a classifier that applies this control to every image before classifying or explaining it.
     * Closing the view does not close {@code classifier}: the caller still owns it.
     *
     * @param classifier the classifier
     * @param region the region (the lung field)
     * @return the view; thread-safe when {@code classifier} is
     */
    public CovidClassifier applyTo(CovidClassifier classifier, ImageRegion region) {
        return new ControlledClassifier(classifier, image -> apply(image, region));
    }
}
