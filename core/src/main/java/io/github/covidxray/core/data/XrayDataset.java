package io.github.covidxray.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A labelled set of X-ray image files, as listed by {@link DatasetReader}. Images are not decoded here:
 * a dataset is a list of records, cheap to hold for any number of images.
 *
 * @param root the folder the records' files live under
 * @param labels the class labels, sorted, in the order models use them
 * @param records the images, in a stable order (by label, then file name)
 * @param problems files that were skipped during the scan, with the reason
 */
public record XrayDataset(Path root, List<String> labels, List<XrayRecord> records, List<ScanProblem> problems) {

    /** Makes the lists unmodifiable. */
    public XrayDataset {
        labels = List.copyOf(labels);
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    /**
     * @param label a class label
     * @return the records of that class, in dataset order
     * @throws IllegalArgumentException if the label is not one of {@link #labels()}
     */
    public List<XrayRecord> ofLabel(String label) {
        if (!labels.contains(label)) {
            throw new IllegalArgumentException("no class '" + label + "' in " + root + "; classes are " + labels);
        }
        return records.stream().filter(r -> r.label().equals(label)).toList();
    }

    /** @return the number of images per label, in label order */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String l : labels) {
            counts.put(l, 0);
        }
        for (XrayRecord r : records) {
            counts.merge(r.label(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * @param split a split name as the manifest spells it
     * @return a dataset with the records of that split only (same labels)
     */
    public XrayDataset split(String split) {
        return new XrayDataset(root, labels,
                records.stream().filter(r -> split.equals(r.split())).toList(), problems);
    }

    /** @return the number of images */
    public int size() {
        return records.size();
    }
}
