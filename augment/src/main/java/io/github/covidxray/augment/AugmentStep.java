package io.github.covidxray.augment;

import io.github.covidxray.core.ContrastEnhancement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One step of an {@link Augmenter}: an operation, the ranges its parameters are drawn from, and the probability
 * that it fires for a given image. Created with the static factories, for example
 * {@code AugmentStep.rotate(Range.symmetric(10)).withProbability(0.8)}; the probability is 1 unless set.
 *
 * <p>Geometric steps ({@link #rotate}, {@link #translate}, {@link #scale}, {@link #shear}, {@link #flipHorizontal},
 * {@link #randomResizedCrop}) that follow each other in a pipeline are composed into one affine map and resampled
 * once; grey-level steps ({@link #brightness}, {@link #contrast}, {@link #gamma}) that follow each other are
 * composed into one lookup table. Each parameter consumes one draw from the generator whatever its range.
 *
 * <p>Immutable and thread-safe.
 */
public final class AugmentStep {

    /** Tiles across and down for {@link #clahe}, the usual choice. */
    public static final int CLAHE_TILES = 8;

    private final String name;
    private final String ranges;
    private final double probability;
    private final Drawn.Drawer drawer;

    private AugmentStep(String name, String ranges, double probability, Drawn.Drawer drawer) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability of step " + name + " must be in [0, 1], got " + probability);
        }
        this.name = name;
        this.ranges = ranges;
        this.probability = probability;
        this.drawer = drawer;
    }

    private static AugmentStep of(String name, String ranges, Drawn.Drawer drawer) {
        return new AugmentStep(name, ranges, 1.0, drawer);
    }

    /**
     * @param p the probability that this step fires for an image, {@code [0, 1]}
     * @return a copy of this step with that probability
     */
    public AugmentStep withProbability(double p) {
        return new AugmentStep(name, ranges, p, drawer);
    }

    /** @return the step's name, for example {@code "rotate"} */
    public String name() {
        return name;
    }

    /** @return the probability that this step fires */
    public double probability() {
        return probability;
    }

    Drawn draw(RandomGenerator random, int width, int height) {
        return drawer.draw(random, width, height);
    }

    @Override
    public String toString() {
        return name + " " + ranges + " p=" + probability;
    }

    // ---- geometric steps -------------------------------------------------------------------------------------

    /**
     * Rotation about the centre.
     *
     * @param degrees the angle range, within {@code [-180, 180]}; positive turns counter-clockwise on screen
     * @return the step
     */
    public static AugmentStep rotate(Range degrees) {
        degrees.requireWithin("rotation degrees", -180, 180);
        return of("rotate", "degrees " + degrees, (random, w, h) -> {
            double a = degrees.draw(random);
            return new Drawn.Warp(op("rotate", format("rotate %.1f°", a), "degrees", a),
                    AffineMatrix.rotation(a, w / 2.0, h / 2.0));
        });
    }

    /**
     * Shift, each axis drawn independently.
     *
     * @param x horizontal shift as a fraction of the width, within {@code [-1, 1]}; positive moves right
     * @param y vertical shift as a fraction of the height, within {@code [-1, 1]}; positive moves down
     * @return the step
     */
    public static AugmentStep translate(Range x, Range y) {
        x.requireWithin("translate x", -1, 1);
        y.requireWithin("translate y", -1, 1);
        return of("translate", "x " + x + " y " + y, (random, w, h) -> {
            double dx = x.draw(random);
            double dy = y.draw(random);
            return new Drawn.Warp(op("translate", format("shift %+.1f%%, %+.1f%%", dx * 100, dy * 100), "x", dx, "y", dy),
                    AffineMatrix.translation(dx * w, dy * h));
        });
    }

    /**
     * Zoom about the centre, the same factor on both axes.
     *
     * @param factor the range, within {@code [0.1, 10]}; above 1 enlarges the content
     * @return the step
     */
    public static AugmentStep scale(Range factor) {
        factor.requireWithin("scale factor", 0.1, 10);
        return of("scale", "factor " + factor, (random, w, h) -> {
            double s = factor.draw(random);
            return new Drawn.Warp(op("scale", format("zoom ×%.3f", s), "factor", s),
                    AffineMatrix.linearAbout(s, 0, 0, s, w / 2.0, h / 2.0));
        });
    }

    /**
     * Horizontal shear about the centre.
     *
     * @param xDegrees the shear angle range, within {@code [-60, 60]}
     * @return the step
     */
    public static AugmentStep shear(Range xDegrees) {
        return shear(xDegrees, Range.fixed(0));
    }

    /**
     * Shear about the centre along both axes, {@code x' = x + tan(ax) y}, {@code y' = y + tan(ay) x}.
     *
     * @param xDegrees the horizontal shear angle range, within {@code [-60, 60]}
     * @param yDegrees the vertical shear angle range, within {@code [-60, 60]}
     * @return the step
     */
    public static AugmentStep shear(Range xDegrees, Range yDegrees) {
        xDegrees.requireWithin("shear x degrees", -60, 60);
        yDegrees.requireWithin("shear y degrees", -60, 60);
        boolean bothAxes = yDegrees.width() != 0 || yDegrees.min() != 0;
        return of("shear", "x " + xDegrees + " y " + yDegrees, (random, w, h) -> {
            double ax = xDegrees.draw(random);
            double ay = yDegrees.draw(random);
            String caption = bothAxes ? format("shear %.1f°, %.1f°", ax, ay) : format("shear %.1f°", ax);
            return new Drawn.Warp(op("shear", caption, "x", ax, "y", ay),
                    AffineMatrix.linearAbout(1, Math.tan(Math.toRadians(ax)), Math.tan(Math.toRadians(ay)), 1,
                            w / 2.0, h / 2.0));
        });
    }

    /**
     * Left-right mirror. Not in the chest X-ray presets, and not recommended for them: a mirrored chest shows
     * the heart on the right (situs inversus, rare), which a classifier should not learn as normal anatomy.
     *
     * @return the step
     */
    public static AugmentStep flipHorizontal() {
        return of("flip", "", (random, w, h) ->
                new Drawn.Warp(op("flip", "flip left-right"), AffineMatrix.horizontalFlip(w)));
    }

    /**
     * Random resized crop: a rectangle with a random share of the image area and a random aspect ratio (relative
     * to the image's) at a random position is stretched to the full image size.
     *
     * @param area the share of the image area, within {@code (0, 1]}
     * @param aspect the crop's aspect ratio divided by the image's, within {@code [0.1, 10]} and including 1;
     *     drawn log-uniformly from the part of the range for which the crop fits inside the image
     * @return the step
     */
    public static AugmentStep randomResizedCrop(Range area, Range aspect) {
        checkRegion("crop", area, aspect);
        return of("crop", "area " + area + " aspect " + aspect, (random, w, h) -> {
            Region r = Region.draw(random, area, aspect);
            Geometry.CropBox box = new Geometry.CropBox(r.x * w, r.y * h, r.width * w, r.height * h);
            return new Drawn.Warp(op("crop", format("crop %.0f%% area, aspect %.2f", r.area * 100, r.aspect),
                    "area", r.area, "aspect", r.aspect, "x", r.x, "y", r.y), box.toMatrix(w, h));
        });
    }

    // ---- grey-level steps ------------------------------------------------------------------------------------

    /**
     * Brightness: adds a constant (see {@link Intensity#brightness}).
     *
     * @param delta the shift as a fraction of the maximum value, within {@code [-1, 1]}
     * @return the step
     */
    public static AugmentStep brightness(Range delta) {
        delta.requireWithin("brightness delta", -1, 1);
        return of("brightness", "delta " + delta, (random, w, h) -> {
            double d = delta.draw(random);
            return new Drawn.Point(op("brightness", format("brightness %+.1f%%", d * 100), "delta", d),
                    PointFunction.brightness(d));
        });
    }

    /**
     * Contrast: scales distances from the image mean (see {@link Intensity#contrast}).
     *
     * @param factor the range, within {@code [0, 10]}
     * @return the step
     */
    public static AugmentStep contrast(Range factor) {
        factor.requireWithin("contrast factor", 0, 10);
        return of("contrast", "factor " + factor, (random, w, h) -> {
            double c = factor.draw(random);
            return new Drawn.Point(op("contrast", format("contrast ×%.2f", c), "factor", c),
                    PointFunction.contrast(c));
        });
    }

    /**
     * Gamma (see {@link Intensity#gamma}).
     *
     * @param gamma the exponent range, within {@code [0.05, 20]}
     * @return the step
     */
    public static AugmentStep gamma(Range gamma) {
        gamma.requireWithin("gamma", 0.05, 20);
        return of("gamma", "gamma " + gamma, (random, w, h) -> {
            double g = gamma.draw(random);
            return new Drawn.Point(op("gamma", format("gamma %.2f", g), "gamma", g), PointFunction.gamma(g));
        });
    }

    // ---- other steps -----------------------------------------------------------------------------------------

    /**
     * Additive Gaussian noise (see {@link Filters#gaussianNoise}); the noise itself is seeded from the sample's
     * generator, so it is reproducible too.
     *
     * @param sigma the standard deviation as a fraction of the maximum value, within {@code [0, 1]}
     * @return the step
     */
    public static AugmentStep gaussianNoise(Range sigma) {
        sigma.requireWithin("noise sigma", 0, 1);
        return of("noise", "sigma " + sigma, (random, w, h) -> {
            double s = sigma.draw(random);
            long seed = random.nextLong();
            return new Drawn.Whole(op("noise", format("noise σ %.1f%%", s * 100), "sigma", s), plane -> {
                GaussianNoise.addInPlace(plane, s * plane.maxValue, seed);
                return plane;
            });
        });
    }

    /**
     * Gaussian blur (see {@link Filters#gaussianBlur}).
     *
     * @param sigma the standard deviation in pixels, within {@code [0, Filters.MAX_SIGMA]}
     * @return the step
     */
    public static AugmentStep gaussianBlur(Range sigma) {
        sigma.requireWithin("blur sigma", 0, Filters.MAX_SIGMA);
        return of("blur", "sigma " + sigma, (random, w, h) -> {
            double s = sigma.draw(random);
            return new Drawn.Whole(op("blur", format("blur σ %.2f px", s), "sigma", s),
                    plane -> s == 0 ? plane : GaussianBlur.blur(plane, s));
        });
    }

    /**
     * Unsharp-mask sharpening (see {@link Filters#sharpen}).
     *
     * @param amount how much detail to add, within {@code [0, 10]}
     * @param sigma the blur standard deviation in pixels, within {@code (0, Filters.MAX_SIGMA]}
     * @return the step
     */
    public static AugmentStep sharpen(Range amount, Range sigma) {
        amount.requireWithin("sharpen amount", 0, 10);
        sigma.requireWithin("sharpen sigma", 0, Filters.MAX_SIGMA);
        requirePositive("sharpen sigma", sigma);
        return of("sharpen", "amount " + amount + " sigma " + sigma, (random, w, h) -> {
            double a = amount.draw(random);
            double s = sigma.draw(random);
            return new Drawn.Whole(op("sharpen", format("sharpen ×%.2f σ %.1f px", a, s), "amount", a, "sigma", s),
                    plane -> a == 0 ? plane : GaussianBlur.sharpen(plane, s, a));
        });
    }

    /**
     * Random erasing (cutout): a rectangle of random area share, aspect ratio and position is filled with one
     * random grey level.
     *
     * @param area the share of the image area, within {@code (0, 1]}
     * @param aspect the rectangle's aspect ratio divided by the image's, within {@code [0.1, 10]} and including 1
     * @param fill the grey level as a fraction of the maximum value, within {@code [0, 1]}
     * @return the step
     */
    public static AugmentStep randomErasing(Range area, Range aspect, Range fill) {
        checkRegion("erase", area, aspect);
        fill.requireWithin("erase fill", 0, 1);
        return of("erase", "area " + area + " aspect " + aspect + " fill " + fill, (random, w, h) -> {
            Region r = Region.draw(random, area, aspect);
            double f = fill.draw(random);
            return new Drawn.Whole(op("erase", format("erase %.0f%% area", r.area * 100),
                    "area", r.area, "aspect", r.aspect, "x", r.x, "y", r.y, "fill", f), plane -> {
                        int x0 = (int) Math.round(r.x * w);
                        int y0 = (int) Math.round(r.y * h);
                        plane.fillRect(x0, y0, (int) Math.round((r.x + r.width) * w) - x0,
                                (int) Math.round((r.y + r.height) * h) - y0, (int) Math.round(f * plane.maxValue));
                        return plane;
                    });
        });
    }

    /**
     * Global histogram equalisation ({@link ContrastEnhancement#equalize}) blended with the original:
     * {@code (1 - s) v + s eq(v)}.
     *
     * @param strength the blend range, within {@code [0, 1]}
     * @return the step
     */
    public static AugmentStep equalize(Range strength) {
        strength.requireWithin("equalisation strength", 0, 1);
        return of("equalize", "strength " + strength, (random, w, h) -> {
            double s = strength.draw(random);
            return new Drawn.Whole(op("equalize", format("equalize %.0f%%", s * 100), "strength", s), plane ->
                    plane.blend(Plane.copyOf(ContrastEnhancement.equalize(plane.toImage("equalize"))), s));
        });
    }

    /**
     * CLAHE on an 8 x 8 grid ({@link ContrastEnhancement#clahe}).
     *
     * @param clipLimit the clip limit range, within {@code [1, 100]}
     * @return the step
     */
    public static AugmentStep clahe(Range clipLimit) {
        clipLimit.requireWithin("CLAHE clip limit", 1, 100);
        return of("clahe", "clip " + clipLimit, (random, w, h) -> {
            double c = clipLimit.draw(random);
            return new Drawn.Whole(op("clahe", format("CLAHE clip %.1f", c), "clipLimit", c),
                    plane -> Plane.copyOf(ContrastEnhancement.clahe(plane.toImage("clahe"), c, CLAHE_TILES)));
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void checkRegion(String step, Range area, Range aspect) {
        area.requireWithin(step + " area", 0, 1);
        requirePositive(step + " area", area);
        aspect.requireWithin(step + " aspect", 0.1, 10);
        if (!aspect.contains(1)) {
            throw new IllegalArgumentException(step + " aspect range must include 1, got " + aspect);
        }
    }

    private static void requirePositive(String parameter, Range range) {
        if (!(range.min() > 0)) {
            throw new IllegalArgumentException(parameter + " range must be above 0, got " + range);
        }
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static AppliedOp op(String name, String caption, Object... namesAndValues) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
        }
        return new AppliedOp(name, params, caption);
    }

    /** A rectangle in fractions of the image: position, size, area share and relative aspect ratio. */
    private record Region(double x, double y, double width, double height, double area, double aspect) {

        static Region draw(RandomGenerator random, Range area, Range aspect) {
            double a = area.draw(random);
            // Only aspects in [a, 1/a] fit inside the image at area a; the range includes 1, so they meet.
            double lo = Math.max(Math.log(aspect.min()), Math.log(a));
            double hi = Math.min(Math.log(aspect.max()), -Math.log(a));
            double r = Math.exp(Range.of(lo, Math.max(lo, hi)).draw(random));
            r = Math.max(aspect.min(), Math.min(aspect.max(), r)); // exp(log(v)) may miss v in the last bit
            double cw = Math.min(1, Math.sqrt(a * r));
            double ch = Math.min(1, Math.sqrt(a / r));
            double x = (1 - cw) * random.nextDouble();
            double y = (1 - ch) * random.nextDouble();
            return new Region(x, y, cw, ch, a, r);
        }
    }
}
