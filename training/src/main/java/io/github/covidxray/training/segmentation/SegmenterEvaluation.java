package io.github.covidxray.training.segmentation;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.ProgressListener;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.eval.MaskAgreement;
import io.github.covidxray.core.eval.MaskOverlap;
import java.util.ArrayList;
import java.util.List;

/**
 * A segmenter checked against reference masks: per-image Dice and IoU at the reference masks' own resolution
 * (the segmenter returns masks in image coordinates; reference pixels above half their range are inside),
 * their means with patient-level bootstrap intervals, and each image's plausibility score next to its
 * Dice, so one can see whether flagged masks are the bad ones. Immutable.
 *
 * @param agreement mean Dice and IoU with intervals
 * @param images one row per image, in input order
 * @param millisPerImage wall time of segmentation per image (reading excluded), one image at a time
 */
public record SegmenterEvaluation(MaskAgreement agreement, List<ImageResult> images, double millisPerImage) {

    /**
     * One image.
     *
     * @param source the image's source (file name)
     * @param dice its Dice
     * @param iou its IoU
     * @param lungFraction the predicted lung fraction
     * @param referenceFraction the reference mask's lung fraction
     * @param quality the predicted mask's plausibility score
     * @param issues what lowered it
     */
    public record ImageResult(String source, double dice, double iou, double lungFraction, double referenceFraction,
            double quality, List<String> issues) {}

    /** Copies the list. */
    public SegmenterEvaluation {
        images = List.copyOf(images);
    }

    /**
     * @param segmenter the segmenter
     * @param samples images with reference masks (and patient ids for the bootstrap)
     * @param resamples bootstrap resamples
     * @param seed bootstrap seed
     * @param progress told after each image
     * @return the evaluation
     * @throws TranslateException if the segmenter fails
     */
    public static SegmenterEvaluation run(LungSegmenter segmenter, List<SegmentationSample> samples, int resamples,
            long seed, ProgressListener progress) throws TranslateException {
        MaskOverlap[] overlaps = new MaskOverlap[samples.size()];
        String[] patients = new String[samples.size()];
        List<ImageResult> rows = new ArrayList<>();
        long nanos = 0;
        for (int i = 0; i < samples.size(); i++) {
            SegmentationSample s = samples.get(i);
            long t = System.nanoTime();
            LungMask predicted = segmenter.segment(s.image());
            nanos += System.nanoTime() - t;
            boolean[] reference = inside(s.mask());
            overlaps[i] = MaskOverlap.of(predicted.toBooleanArray(), reference);
            patients[i] = s.patientId();
            rows.add(new ImageResult(s.image().source(), overlaps[i].dice(), overlaps[i].iou(), predicted.lungFraction(),
                    overlaps[i].sizeB() / (double) reference.length, predicted.quality(), predicted.issues()));
            progress.progress(i + 1, samples.size(), "");
        }
        return new SegmenterEvaluation(MaskAgreement.of(overlaps, patients, resamples, 0.95, seed), rows,
                nanos / 1e6 / samples.size());
    }

    /** @return the reference mask as booleans: above half the image's range is inside */
    static boolean[] inside(XrayImage mask) {
        boolean[] inside = new boolean[mask.pixelCount()];
        int half = mask.maxValue() / 2;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                inside[y * mask.width() + x] = mask.pixel(x, y) > half;
            }
        }
        return inside;
    }
}
