package io.github.covidxray.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * How an {@link XrayImage} becomes model input: an immutable value stored in every model bundle, so that
 * training and inference can never disagree on preprocessing. Build one with {@link #builder()}.
 *
 * <p>The steps, in order: optional {@link LungFocus lung focus} (applied by {@code core.explain.LungFocuser}
 * with a lung segmenter, not by {@link XrayPreprocessor}); optional contrast enhancement at full resolution; geometry
 * ({@link ResizeMode}) with {@link Resampling}; scaling of intensities to {@code [0, 1]} by the image's
 * own {@link XrayImage#maxValue()} (so 8-, 12- and 16-bit images look alike to a model); then
 * {@link Normalization}; then replication to {@link #channels()} channels.
 *
 * @param width target width in pixels
 * @param height target height in pixels
 * @param resizeMode how the aspect ratio is handled
 * @param resampling the interpolation filter
 * @param channels 1 (gray) or 3 (gray replicated, for ImageNet-style models)
 * @param normalization how unit intensities are mapped to model input values
 * @param contrast optional contrast enhancement before resizing
 * @param gamma the exponent for {@link Contrast#GAMMA} ({@code out = in^gamma}); ignored otherwise
 * @param claheClipLimit the clip limit for {@link Contrast#CLAHE} (a multiple of the mean bin count)
 * @param claheTiles the number of tiles per side for {@link Contrast#CLAHE}
 * @param dicomIntensity how DICOM pixel values become intensities before everything else (ignored for
 *     PNG/JPEG); {@code null} in an older {@code model.json} means {@link DicomIntensity#STORED_RANGE}
 * @param lungFocus whether the image is cropped to the lungs or blanked outside them before everything else
 *     (needs a lung segmenter; see {@link LungFocus}); {@code null} in an older {@code model.json} means
 *     {@link LungFocus#NONE}
 * @param lungMargin the margin around the lungs for {@link #lungFocus()}, as a fraction of the larger side of
 *     the lungs' bounding box, in {@code [0, 1]}; ignored for {@link LungFocus#NONE}
 */
public record PreprocessingSpec(
        @JsonProperty("width") int width,
        @JsonProperty("height") int height,
        @JsonProperty("resize_mode") ResizeMode resizeMode,
        @JsonProperty("resampling") Resampling resampling,
        @JsonProperty("channels") int channels,
        @JsonProperty("normalization") Normalization normalization,
        @JsonProperty("contrast") Contrast contrast,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("clahe_clip_limit") double claheClipLimit,
        @JsonProperty("clahe_tiles") int claheTiles,
        @JsonProperty("dicom_intensity") DicomIntensity dicomIntensity,
        @JsonProperty("lung_focus") LungFocus lungFocus,
        @JsonProperty("lung_margin") double lungMargin) {

    /**
     * Restricting the model's view to the lungs, found by a lung segmenter on the image as read, before any
     * other step (and, in training, before augmentation). A mask the segmenter flags as implausible
     * ({@link LungMask#flagged()}) leaves the image whole, and is counted.
     */
    public enum LungFocus {
        /** The whole image. Default. */
        NONE,
        /**
         * Crop to the lungs' bounding box grown by the margin, then widened to the target aspect ratio (so the
         * geometry step cuts no lung), kept inside the image.
         */
        CROP,
        /** Keep the geometry; replace every pixel outside the lungs (dilated by the margin) by the image's mean. */
        BLANK
    }

    /**
     * How a DICOM file's values map to intensities. MONOCHROME1 images are always inverted so that bone is
     * bright, whichever is chosen; PNG and JPEG inputs are unaffected.
     */
    public enum DicomIntensity {
        /** The full stored range (after the modality rescale), like a PNG of the raw detector values. Default. */
        STORED_RANGE,
        /** The file's VOI window (center/width, linear or sigmoid), i.e. what a radiologist's viewer shows first. */
        VOI_WINDOW
    }

    /** Geometry: how an image of any aspect ratio becomes {@code width x height}. */
    public enum ResizeMode {
        /** Crop the largest centred square (or target-aspect rectangle), then resize. Default. */
        CENTER_CROP,
        /** Resize the whole image to fit, pad the rest with black (intensity 0). */
        LETTERBOX,
        /** Resize to the target size, distorting the aspect ratio. */
        STRETCH
    }

    /**
     * Interpolation filters. Both are separable and antialiased when downscaling (the filter widens with
     * the scale factor), as PIL does.
     */
    public enum Resampling {
        /**
         * Box filter / area average: each output pixel is the area-weighted mean of the input pixels it
         * covers. Equals PIL's {@code Image.BOX} and OpenCV's {@code INTER_AREA}. Default; best for large
         * downscaling.
         */
        AREA,
        /**
         * Triangle filter: plain bilinear interpolation when upscaling, antialiased when downscaling.
         * Equals PIL's {@code Image.BILINEAR} and therefore torchvision's {@code Resize(antialias=True)} on
         * PIL images (and tensors with {@code antialias=True}), to within rounding.
         */
        BILINEAR
    }

    /** Maps unit intensities {@code u} in {@code [0, 1]} to model input. */
    public enum Normalization {
        /** {@code (u - mean_c) / std_c} with ImageNet's per-channel statistics; 1 channel uses their averages. */
        IMAGENET,
        /** {@code u}: values in [0, 1]. */
        UNIT,
        /** {@code 2u - 1}: values in [-1, 1]. */
        SYMMETRIC,
        /** {@code (2u - 1) * 1024}: values in [-1024, 1024], as torchxrayvision's models expect. */
        XRV
    }

    /** Optional contrast enhancement, applied at full resolution before resizing. */
    public enum Contrast {
        /** No change. Default. */
        NONE,
        /** Global histogram equalisation. */
        EQUALIZE,
        /** Contrast-limited adaptive histogram equalisation ({@link #claheTiles()}, {@link #claheClipLimit()}). */
        CLAHE,
        /** Power law {@code u^gamma}. */
        GAMMA
    }

    /** The default {@link #lungMargin()}: 5 % of the larger side of the lungs' bounding box. */
    public static final double DEFAULT_LUNG_MARGIN = 0.05;

    /** ImageNet channel means (R, G, B). */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations (R, G, B). */
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /**
     * Reads {@code model.json}'s preprocessing: fields newer than a bundle may be absent ({@code lung_margin}
     * then means the default).
     */
    @JsonCreator
    static PreprocessingSpec fromJson(@JsonProperty("width") int width, @JsonProperty("height") int height,
            @JsonProperty("resize_mode") ResizeMode resizeMode, @JsonProperty("resampling") Resampling resampling,
            @JsonProperty("channels") int channels, @JsonProperty("normalization") Normalization normalization,
            @JsonProperty("contrast") Contrast contrast, @JsonProperty("gamma") double gamma,
            @JsonProperty("clahe_clip_limit") double claheClipLimit, @JsonProperty("clahe_tiles") int claheTiles,
            @JsonProperty("dicom_intensity") DicomIntensity dicomIntensity,
            @JsonProperty("lung_focus") LungFocus lungFocus, @JsonProperty("lung_margin") Double lungMargin) {
        return new PreprocessingSpec(width, height, resizeMode, resampling, channels, normalization, contrast, gamma,
                claheClipLimit, claheTiles, dicomIntensity, lungFocus,
                lungMargin == null ? DEFAULT_LUNG_MARGIN : lungMargin);
    }

    /** Validates the values. */
    public PreprocessingSpec {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("target size must be 1..8192, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        Objects.requireNonNull(resizeMode, "resize_mode");
        Objects.requireNonNull(resampling, "resampling");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(contrast, "contrast");
        if (dicomIntensity == null) {
            dicomIntensity = DicomIntensity.STORED_RANGE;
        }
        if (lungFocus == null) {
            lungFocus = LungFocus.NONE;
        }
        if (!(lungMargin >= 0 && lungMargin <= 1)) {
            throw new IllegalArgumentException("lung margin must be in [0, 1], got " + lungMargin);
        }
        if (contrast == Contrast.GAMMA && !(gamma > 0 && gamma < 100)) {
            throw new IllegalArgumentException("gamma must be in (0, 100), got " + gamma);
        }
        if (contrast == Contrast.CLAHE && (!(claheClipLimit >= 1) || claheTiles < 1 || claheTiles > 64)) {
            throw new IllegalArgumentException("CLAHE needs clip limit >= 1 and 1..64 tiles, got "
                    + claheClipLimit + " and " + claheTiles);
        }
    }

    /** @return a builder with the defaults: 224x224, centre crop, area resampling, 3 channels, ImageNet */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this spec */
    public Builder toBuilder() {
        return new Builder().setSize(width, height).optResizeMode(resizeMode).optResampling(resampling)
                .optChannels(channels).optNormalization(normalization).optContrast(contrast).optGamma(gamma)
                .optClahe(claheClipLimit, claheTiles).optDicomIntensity(dicomIntensity)
                .optLungFocus(lungFocus, lungMargin);
    }

    /**
     * The spec of ImageNet-style models: centre crop, area resampling, 3 channels, ImageNet normalisation.
     *
     * @param size the square target size, for example 224
     * @return the spec
     */
    public static PreprocessingSpec imagenet(int size) {
        return builder().setSize(size).build();
    }

    /**
     * The read options that make files look the way this spec expects, for callers that read files for a
     * model (DICOM windowing is decided at read time).
     *
     * @return read options with this spec's DICOM intensity mapping and default limits
     */
    public ReadOptions readOptions() {
        return ReadOptions.builder().optApplyVoiWindow(dicomIntensity == DicomIntensity.VOI_WINDOW).build();
    }

    /** @return the number of floats of one preprocessed image, {@code channels * height * width} */
    public int sampleSize() {
        return channels * height * width;
    }

    /** Builds a {@link PreprocessingSpec}. The size is required; everything else has a default. */
    public static final class Builder {
        private int width = 224;
        private int height = 224;
        private ResizeMode resizeMode = ResizeMode.CENTER_CROP;
        private Resampling resampling = Resampling.AREA;
        private int channels = 3;
        private Normalization normalization = Normalization.IMAGENET;
        private Contrast contrast = Contrast.NONE;
        private double gamma = 1.0;
        private double claheClipLimit = 2.0;
        private int claheTiles = 8;
        private DicomIntensity dicomIntensity = DicomIntensity.STORED_RANGE;
        private LungFocus lungFocus = LungFocus.NONE;
        private double lungMargin = DEFAULT_LUNG_MARGIN;

        private Builder() {}

        /**
         * @param size the square target size
         * @return this builder
         */
        public Builder setSize(int size) {
            return setSize(size, size);
        }

        /**
         * @param width target width
         * @param height target height
         * @return this builder
         */
        public Builder setSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param mode the geometry
         * @return this builder
         */
        public Builder optResizeMode(ResizeMode mode) {
            this.resizeMode = mode;
            return this;
        }

        /**
         * @param resampling the filter
         * @return this builder
         */
        public Builder optResampling(Resampling resampling) {
            this.resampling = resampling;
            return this;
        }

        /**
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * @param normalization the intensity mapping
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * @param contrast the enhancement
         * @return this builder
         */
        public Builder optContrast(Contrast contrast) {
            this.contrast = contrast;
            return this;
        }

        /**
         * Sets {@link Contrast#GAMMA} with the given exponent.
         *
         * @param gamma the exponent
         * @return this builder
         */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /**
         * @param clipLimit CLAHE clip limit
         * @param tiles CLAHE tiles per side
         * @return this builder
         */
        public Builder optClahe(double clipLimit, int tiles) {
            this.claheClipLimit = clipLimit;
            this.claheTiles = tiles;
            return this;
        }

        /**
         * @param mapping how DICOM values become intensities
         * @return this builder
         */
        public Builder optDicomIntensity(DicomIntensity mapping) {
            this.dicomIntensity = mapping;
            return this;
        }

        /**
         * @param focus how the image is restricted to the lungs
         * @param margin the margin around the lungs, a fraction of the larger side of their bounding box, in [0, 1]
         * @return this builder
         */
        public Builder optLungFocus(LungFocus focus, double margin) {
            this.lungFocus = focus;
            this.lungMargin = margin;
            return this;
        }

        /** @return the spec */
        public PreprocessingSpec build() {
            return new PreprocessingSpec(width, height, resizeMode, resampling, channels, normalization, contrast,
                    gamma, claheClipLimit, claheTiles, dicomIntensity, lungFocus, lungMargin);
        }
    }
}
