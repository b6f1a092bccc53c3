package io.github.covidxray.plots;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * The one palette of every covid-xray plot (histograms, ROC curves, training curves): a class has the same colour
 * in every figure. The usual labels have fixed colours (covid vermillion, normal blue, pneumonia green); other
 * classes, and series that are not classes, take the remaining colours of the colour-blind-safe Okabe-Ito palette
 * by position. Stateless.
 */
public final class ClassColors {

    private static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    private static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    private static final Color GREEN = new Color(0x00, 0x9E, 0x73);
    /** Okabe-Ito without the three colours the usual labels own, so another class never looks like covid. */
    private static final List<Color> OTHERS = List.of(new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00),
            new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), Color.DARK_GRAY);
    /** For series that are not classes (loss, AUC...): the whole palette in order. */
    private static final List<Color> SERIES = List.of(BLUE, VERMILLION, GREEN, OTHERS.get(0), OTHERS.get(1),
            OTHERS.get(2), OTHERS.get(3), OTHERS.get(4));

    private ClassColors() {}

    /**
     * @param label a class label
     * @param index the class's position among the plotted classes, for labels without a fixed colour
     * @return the class's colour
     */
    public static Color of(String label, int index) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "covid", "covid-19", "covid19" -> VERMILLION;
            case "normal" -> BLUE;
            case "pneumonia" -> GREEN;
            default -> OTHERS.get(Math.floorMod(index, OTHERS.size()));
        };
    }

    /**
     * @param index the series' position
     * @return a colour for a series that is not a class
     */
    public static Color series(int index) {
        return SERIES.get(Math.floorMod(index, SERIES.size()));
    }

    /**
     * @param c a colour
     * @param alpha opacity, 0 (transparent) to 255
     * @return the colour with that opacity, for bands drawn behind a line of the same colour
     */
    public static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
