package io.github.covidxray.core.dicom;

/**
 * A VOI window (PS3.3 C.11.2.1.2): maps a modality value to a display fraction in {@code [0, 1]} with
 * the LINEAR, LINEAR_EXACT or SIGMOID function. Immutable.
 *
 * @param center WindowCenter
 * @param width WindowWidth
 * @param function LINEAR, LINEAR_EXACT or SIGMOID
 */
record VoiWindow(double center, double width, String function) {

    /**
     * Checks the window against its function's rules.
     *
     * @return the window
     * @throws DicomException for an unknown function or a width the function cannot use
     */
    static VoiWindow of(DicomMetadata md, String source) throws DicomException {
        String function = md.voiLutFunction() == null ? "LINEAR" : md.voiLutFunction();
        double width = md.windowWidth();
        switch (function) {
            case "LINEAR" -> {
                if (width < 1) {
                    throw new DicomException(source, Tags.describe(Tags.WINDOW_WIDTH) + " is " + width
                            + ", expected at least 1 for the LINEAR function");
                }
            }
            case "LINEAR_EXACT", "SIGMOID" -> {
                if (width <= 0) {
                    throw new DicomException(source, Tags.describe(Tags.WINDOW_WIDTH) + " is " + width
                            + ", expected a positive width for " + function);
                }
            }
            default -> throw new DicomException(source, Tags.describe(Tags.VOI_LUT_FUNCTION) + " is '" + function
                    + "', expected LINEAR, LINEAR_EXACT or SIGMOID");
        }
        return new VoiWindow(md.windowCenter(), width, function);
    }

    /** @return the display fraction of modality value {@code x}, in {@code [0, 1]} */
    double apply(double x) {
        switch (function) {
            case "LINEAR_EXACT" -> {
                if (x <= center - width / 2) {
                    return 0;
                }
                if (x > center + width / 2) {
                    return 1;
                }
                return (x - center) / width + 0.5;
            }
            case "SIGMOID" -> {
                return 1 / (1 + Math.exp(-4 * (x - center) / width));
            }
            default -> {
                double low = center - 0.5 - (width - 1) / 2;
                double high = center - 0.5 + (width - 1) / 2;
                if (x <= low) {
                    return 0;
                }
                if (x > high) {
                    return 1;
                }
                return (x - (center - 0.5)) / (width - 1) + 0.5;
            }
        }
    }
}
