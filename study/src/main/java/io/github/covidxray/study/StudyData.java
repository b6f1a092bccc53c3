package io.github.covidxray.study;

import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.data.XrayRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The study's train and validation splits, capped for quick runs, and what a reader should know of them. */
record StudyData(XrayDataset train, XrayDataset validation) {

    static StudyData load(StudyConfig config) throws DatasetException {
        XrayDataset train;
        XrayDataset val;
        if (config.manifest() != null) {
            train = DatasetReader.manifest(config.manifest(), config.data(), "train");
            val = DatasetReader.manifest(config.manifest(), config.data(), "val");
        } else if (Files.isDirectory(config.data().resolve("train")) && Files.isDirectory(config.data().resolve("val"))) {
            train = DatasetReader.folderPerClass(config.data().resolve("train"));
            val = DatasetReader.folderPerClass(config.data().resolve("val"));
        } else {
            throw new DatasetException(config.data() + ": expected train/ and val/ folders of class folders, or a "
                    + "manifest with train and val splits (--manifest)");
        }
        if (!train.labels().equals(val.labels())) {
            throw new DatasetException(config.data() + ": train classes " + train.labels() + " differ from validation classes "
                    + val.labels());
        }
        for (XrayDataset d : List.of(train, val)) {
            for (String label : d.labels()) {
                if (d.ofLabel(label).isEmpty()) {
                    throw new DatasetException(config.data() + ": class '" + label + "' has no images in one split");
                }
            }
        }
        return new StudyData(cap(train, config.maxImagesPerClass()), cap(val, config.maxImagesPerClass()));
    }

    /** The first {@code perClass} images of each class in the reader's (sorted) order: deterministic. */
    private static XrayDataset cap(XrayDataset d, int perClass) {
        if (perClass == 0) {
            return d;
        }
        List<XrayRecord> kept = new ArrayList<>();
        for (String label : d.labels()) {
            kept.addAll(d.ofLabel(label).stream().limit(perClass).toList());
        }
        return new XrayDataset(d.root(), d.labels(), kept, d.problems());
    }

    List<String> labels() {
        return train.labels();
    }

    /** Counts per class, source and split; patients per split; patients found in both splits (a leak). */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", labels());
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put("train", splitSummary(train));
        splits.put("val", splitSummary(validation));
        m.put("splits", splits);
        Set<String> trainPatients = patients(train);
        Set<String> overlap = new TreeSet<>(patients(validation));
        overlap.retainAll(trainPatients);
        boolean known = train.records().stream().anyMatch(r -> r.patientId() != null);
        m.put("patient_ids_known", known);
        m.put("patients_in_both_splits", overlap.size());
        Map<String, Map<String, Integer>> sources = new TreeMap<>();
        for (XrayDataset d : List.of(train, validation)) {
            for (XrayRecord r : d.records()) {
                String source = r.source() == null ? "unknown" : r.source();
                sources.computeIfAbsent(source, s -> new LinkedHashMap<>()).merge(r.label(), 1, Integer::sum);
            }
        }
        m.put("images_by_source_and_class", sources);
        m.put("unreadable_or_skipped_files", train.problems().size() + validation.problems().size());
        return m;
    }

    private static Map<String, Object> splitSummary(XrayDataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", d.size());
        m.put("counts", d.counts());
        m.put("patients", patients(d).size());
        return m;
    }

    private static Set<String> patients(XrayDataset d) {
        Set<String> ids = new HashSet<>();
        for (XrayRecord r : d.records()) {
            ids.add(r.patientOrFile());
        }
        return ids;
    }
}
