package io.github.covidxray.histogram.plot;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * Colours per class: fixed ones for the usual labels so every figure agrees, then a colour-blind-safe
 * palette (Okabe-Ito) by position. Stateless.
 */
final class ClassColors {

    private static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
    private static final Color BLUE = new Color(0x00, 0x72, 0xB2);
    private static final Color GREEN = new Color(0x00, 0x9E, 0x73);
    private static final List<Color> PALETTE = List.of(BLUE, VERMILLION, GREEN, new Color(0xCC, 0x79, 0xA7),
            new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), Color.DARK_GRAY);

    private ClassColors() {}

    static Color of(String label, int index) {
        switch (label.toLowerCase(Locale.ROOT)) {
            case "covid", "covid-19", "covid19":
                return VERMILLION;
            case "normal":
                return BLUE;
            case "pneumonia":
                return GREEN;
            default:
                return PALETTE.get(index % PALETTE.size());
        }
    }

    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
