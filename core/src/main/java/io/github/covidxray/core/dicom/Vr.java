package io.github.covidxray.core.dicom;

import java.util.Set;

/** Value representations: which exist, which have a 4-byte length in explicit VR, which are text. */
final class Vr {

    private static final Set<String> ALL = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS",
            "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
            "UI", "UL", "UN", "UR", "US", "UT", "UV");

    private static final Set<String> LONG_LENGTH =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    static final Set<String> TEXT = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST",
            "TM", "UC", "UI", "UR", "UT", "UN");

    static final Set<String> NUMBER_STRING = Set.of("DS", "IS", "UN");

    static final Set<String> UNSIGNED_SHORT = Set.of("US", "SS", "UN");

    static final Set<String> PIXEL_DATA = Set.of("OB", "OW", "UN");

    private Vr() {}

    /** @return the VR spelled by two bytes, or {@code null} if they spell none */
    static String of(byte a, byte b) {
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return null;
        }
        String vr = new String(new char[] {(char) a, (char) b});
        return ALL.contains(vr) ? vr : null;
    }

    /** @return whether an explicit-VR element of this VR has 2 reserved bytes and a 4-byte length */
    static boolean hasLongLength(String vr) {
        return LONG_LENGTH.contains(vr);
    }
}
