package io.github.covidxray.core.explain;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.ScanProblem;
import io.github.covidxray.core.data.XrayRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Explains a labelled set of images and summarises the explanations per true class: how much of the saliency
 * mass falls inside a region (the central lung field), against the region's share of the image area (what a
 * flat map would give), and the deletion check of {@link ExplanationFidelity}. Each image is explained for the
 * class the model predicts. Stateless and thread-safe.
 */
public final class ExplanationAudit {

    private ExplanationAudit() {}

    /**
     * Means over the explained images of one true class (or of all, for the overall row).
     *
     * @param images how many images were explained
     * @param massInside mean share of saliency mass inside the region (images with an all-zero map left out)
     * @param areaInside mean share of the image area inside the region
     * @param salientDrop mean drop of the explained class's probability with the most salient tenth blanked
     * @param randomDrop mean drop with a random tenth blanked
     */
    public record Summary(int images, double massInside, double areaInside, double salientDrop, double randomDrop) {}

    /**
     * The audit of a set of images.
     *
     * @param method how the images were explained
     * @param region the region's description
     * @param perClass one summary per true class present, in first-seen order
     * @param overall the summary over all explained images
     * @param failures images that could not be read
     */
    public record Result(ExplanationMethod method, String region, Map<String, Summary> perClass, Summary overall,
            List<ScanProblem> failures) {

        /** Copies the collections. */
        public Result {
            perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
            failures = List.copyOf(failures);
        }

        /** @return the result as ordered maps and lists for a JSON writer; undefined values become null */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("method", method.jsonName());
            json.put("region", region);
            json.put("overall", summaryJson(overall));
            Map<String, Object> classes = new LinkedHashMap<>();
            perClass.forEach((label, s) -> classes.put(label, summaryJson(s)));
            json.put("per_class", classes);
            json.put("skipped", failures.size());
            return json;
        }

        /** @return a few human-readable lines */
        public String toText() {
            StringBuilder s = new StringBuilder();
            s.append("explanations (").append(method.jsonName()).append(", region: ").append(region).append(")\n");
            s.append(String.format(java.util.Locale.ROOT, "  %-12s %6s %13s %11s %14s %14s%n", "class", "images",
                    "mass inside", "area share", "drop salient", "drop random"));
            perClass.forEach((label, sum) -> s.append(row(label, sum)));
            s.append(row("all", overall));
            return s.toString();
        }

        private static String row(String label, Summary sum) {
            return String.format(java.util.Locale.ROOT, "  %-12s %6d %13.3f %11.3f %14.3f %14.3f%n", label, sum.images(),
                    sum.massInside(), sum.areaInside(), sum.salientDrop(), sum.randomDrop());
        }

        private static Map<String, Object> summaryJson(Summary s) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("images", s.images());
            json.put("saliency_mass_inside", finite(s.massInside()));
            json.put("area_share_inside", finite(s.areaInside()));
            json.put("fidelity_drop_salient_tenth", finite(s.salientDrop()));
            json.put("fidelity_drop_random_tenth", finite(s.randomDrop()));
            return json;
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    /**
     * Explains and audits records.
     *
     * @param classifier the classifier
     * @param records labelled images (never trained on)
     * @param method the explanation method, or {@code null} for the classifier's best ({@link CovidClassifier#explain(XrayImage)})
     * @param region the region, for example {@link ImageRegion#centralLungField()}
     * @param seed seeds the random cells of the fidelity check
     * @param progress receives (images done, total)
     * @return the summaries
     * @throws TranslateException if the engine fails
     * @throws UnsupportedOperationException if the classifier cannot explain with {@code method}
     */
    public static Result run(CovidClassifier classifier, List<XrayRecord> records, ExplanationMethod method,
            ImageRegion region, long seed, ProgressListener progress) throws TranslateException {
        Random random = new Random(seed);
        Map<String, Accumulator> perClass = new LinkedHashMap<>();
        Accumulator overall = new Accumulator();
        List<ScanProblem> failures = new ArrayList<>();
        ExplanationMethod used = method == null ? ExplanationMethod.OCCLUSION : method;
        int done = 0;
        for (XrayRecord r : records) {
            XrayImage image;
            try {
                image = XrayImage.read(r.file(), classifier.readOptions());
            } catch (InvalidImageException e) {
                failures.add(new ScanProblem(r.file(), e.getMessage()));
                progress.progress(++done, records.size(), "");
                continue;
            }
            Explanation e = method == null ? classifier.explain(image) : classifier.explain(image, method);
            used = e.method();
            boolean[] mask = region.mask(image);
            double mass = SaliencyMass.insideShare(e.heatmap(), mask, image.width(), image.height());
            double area = SaliencyMass.areaShare(mask);
            ExplanationFidelity.Drops drops = ExplanationFidelity.measure(classifier, image, e,
                    ExplanationFidelity.DEFAULT_SHARE, random);
            perClass.computeIfAbsent(r.label(), k -> new Accumulator()).add(mass, area, drops);
            overall.add(mass, area, drops);
            progress.progress(++done, records.size(), "");
        }
        Map<String, Summary> summaries = new LinkedHashMap<>();
        perClass.forEach((label, acc) -> summaries.put(label, acc.summary()));
        return new Result(used, region.describe(), summaries, overall.summary(), failures);
    }

    /** Running sums for one row; used by one thread. */
    private static final class Accumulator {
        int images;
        int withMass;
        double mass;
        double area;
        double salient;
        double random;

        void add(double massInside, double areaInside, ExplanationFidelity.Drops drops) {
            images++;
            if (!Double.isNaN(massInside)) {
                withMass++;
                mass += massInside;
            }
            area += areaInside;
            salient += drops.salientDrop();
            random += drops.randomDrop();
        }

        Summary summary() {
            return new Summary(images, withMass == 0 ? Double.NaN : mass / withMass, area / images,
                    salient / images, random / images);
        }
    }
}
