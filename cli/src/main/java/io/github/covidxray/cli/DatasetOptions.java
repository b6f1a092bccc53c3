package io.github.covidxray.cli;

import io.github.covidxray.core.data.DatasetException;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command finds a labelled dataset: a folder per class, or a manifest CSV and a split. */
public final class DatasetOptions {

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Dataset folder: one subfolder per class, or the root the manifest's paths are relative to.")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV",
            description = "Manifest CSV with split,label,file[,patient_id] columns (patient ids enable patient-level statistics).")
    Path manifest;

    @Option(names = "--split", paramLabel = "NAME", description = "With --manifest: only this split (e.g. val).")
    String split;

    /**
     * @return the dataset
     * @throws DatasetException if it cannot be read
     */
    public XrayDataset read() throws DatasetException {
        if (manifest != null) {
            return DatasetReader.manifest(manifest, data, split);
        }
        return DatasetReader.folderPerClass(data);
    }

    /** @return a short description for reports */
    public String describe() {
        return manifest != null ? manifest.getFileName() + (split != null ? " [" + split + "]" : "") : data.toString();
    }
}
