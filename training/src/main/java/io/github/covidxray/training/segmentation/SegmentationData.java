package io.github.covidxray.training.segmentation;

import io.github.covidxray.core.InvalidImageException;
import io.github.covidxray.core.XrayImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads image/mask pairs listed in a manifest CSV with at least the columns {@code split,file,mask} (paths
 * relative to the manifest's folder) and optionally {@code patient_id}, as {@code ../shared/data/lungseg/manifest.csv} has them. Values must
 * not contain commas or quotes. Stateless.
 */
public final class SegmentationData {

    private SegmentationData() {}

    /**
     * @param manifest the CSV
     * @param split the split to read, for example {@code train}
     * @return the pairs of that split, in manifest order
     * @throws IOException if the manifest cannot be read or lacks a column
     * @throws InvalidImageException if an image or mask cannot be decoded (names the file)
     * @throws IllegalArgumentException if a mask's size differs from its image's
     */
    public static List<SegmentationSample> read(Path manifest, String split) throws IOException, InvalidImageException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(manifest + ": empty manifest");
        }
        List<String> header = Arrays.asList(lines.get(0).strip().split(","));
        int splitCol = column(manifest, header, "split");
        int fileCol = column(manifest, header, "file");
        int maskCol = column(manifest, header, "mask");
        int patientCol = header.indexOf("patient_id");
        Path root = manifest.toAbsolutePath().getParent();
        List<SegmentationSample> samples = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < header.size()) {
                throw new IOException(manifest + " line " + (i + 1) + ": " + cells.length + " columns, expected "
                        + header.size());
            }
            if (cells[splitCol].equals(split)) {
                samples.add(new SegmentationSample(XrayImage.read(root.resolve(cells[fileCol])),
                        XrayImage.read(root.resolve(cells[maskCol])),
                        patientCol < 0 || cells[patientCol].isBlank() ? null : cells[patientCol]));
            }
        }
        return samples;
    }

    private static int column(Path manifest, List<String> header, String name) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(manifest + ": no column '" + name + "' in " + header);
        }
        return i;
    }
}
