package io.github.covidxray.cli;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.dicom.DicomImage;
import io.github.covidxray.core.dicom.DicomMetadata;
import io.github.covidxray.core.dicom.DicomReader;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code covid-xray info IMAGE...}: size, bit depth and intensity range of each image, plus the header
 * values of DICOM files. Patient names, birth dates and accession numbers are never read; the patient ID and the
 * study and SOP instance UIDs are shown only with {@code --show-phi}.
 */
@Command(name = "info", description = {"Print size, bit depth and min/max/mean intensity of images;"
        + " for DICOM also the header (with --json: all of DicomMetadata).",
    "Patient identifiers (patient ID, study and SOP instance UIDs) are left out unless --show-phi is given;"
        + " names, birth dates and accession numbers are never read."})
final class InfoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--show-phi", description = "Also print the patient ID and the study and SOP instance UIDs.")
    boolean showPhi;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, BMP, TIFF, DICOM).")
    List<Path> images;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        int failures = 0;
        for (Path file : images) {
            try {
                DicomImage dicom = DicomReader.isDicom(file) ? DicomReader.read(file) : null;
                XrayImage image = dicom != null ? dicom.image() : XrayImage.read(file);
                Map<String, Object> info = describe(file, image);
                if (common.json()) {
                    if (dicom != null) {
                        info.put("dicom", dicom.metadata().toMap(showPhi));
                    }
                    CommonOptions.printJson(out, info);
                } else {
                    out.printf("%s: %dx%d, %d-bit, min %d, max %d, mean %.2f%s%n", file, image.width(),
                            image.height(), image.bitsStored(), info.get("min"), info.get("max"), info.get("mean"),
                            dicom == null ? "" : dicomSummary(dicom.metadata(), showPhi));
                }
            } catch (InvalidImageException e) {
                failures++;
                common.reportFailure(out, err, file.toString(), e.getMessage());
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static String dicomSummary(DicomMetadata md, boolean showPhi) {
        String summary = String.format(", DICOM %s %s %s, %d frame(s), transfer syntax %s",
                md.modality() == null ? "-" : md.modality(), md.viewPosition() == null ? "-" : md.viewPosition(),
                md.photometricInterpretation(), md.numberOfFrames(), md.transferSyntaxUid());
        return showPhi ? summary + String.format(", PatientID %s, StudyInstanceUID %s, SOPInstanceUID %s",
                md.patientId(), md.studyInstanceUid(), md.sopInstanceUid()) : summary;
    }

    static Map<String, Object> describe(Path file, XrayImage image) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        long sum = 0;
        int n = image.pixelCount();
        if (image.is8Bit()) {
            ByteBuffer px = image.pixels8();
            for (int i = 0; i < n; i++) {
                int v = px.get(i) & 0xFF;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        } else {
            ShortBuffer px = image.pixels16();
            for (int i = 0; i < n; i++) {
                int v = px.get(i) & 0xFFFF;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.toString());
        info.put("width", image.width());
        info.put("height", image.height());
        info.put("bit_depth", image.bitsStored());
        info.put("min", min);
        info.put("max", max);
        info.put("mean", Math.round(sum * 100.0 / n) / 100.0);
        return info;
    }
}
