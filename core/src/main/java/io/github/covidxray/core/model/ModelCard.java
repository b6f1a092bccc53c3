package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.covidxray.core.PreprocessingSpec;
import java.util.List;
import java.util.Map;

/**
 * What {@code model.json} says about a model: identity, labels in output order, the preprocessing it
 * was trained with, its weight file and checksum, and where it came from. Immutable.
 *
 * @param schemaVersion the {@code model.json} schema version; this library reads {@link #SCHEMA_VERSION}
 * @param name a short model name
 * @param version the model's own version
 * @param architecture the network, for example {@code mobilenetv2} or {@code densenet121}
 * @param labels class labels in the order of the model's outputs
 * @param preprocessing how images become input; applied identically in training and inference
 * @param format the weight file's format
 * @param weights the weight file's name inside the bundle
 * @param sha256 the weight file's SHA-256, lower-case hex
 * @param output whether outputs are logits (softmax applied) or probabilities
 * @param operatingPoint the decision threshold chosen on validation data, or {@code null}
 * @param intendedUse a plain statement of what the model may be used for
 * @param provenance data, split, training settings and metrics: free-form, carried unchanged
 * @param outputs the model's outputs in the order it returns them, or {@code null} for the class scores
 *     alone (bundles written before this field existed)
 * @param temperature the softmax temperature fitted on validation data (logits are divided by it), or
 *     {@code null} for none (1)
 * @param ood the out-of-distribution gate, or {@code null} when the bundle has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("preprocessing") PreprocessingSpec preprocessing,
        @JsonProperty("format") ModelFormat format,
        @JsonProperty("weights") String weights,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("output") OutputKind output,
        @JsonProperty("operating_point") OperatingPoint operatingPoint,
        @JsonProperty("intended_use") String intendedUse,
        @JsonProperty("provenance") Map<String, Object> provenance,
        @JsonProperty("outputs") List<ModelOutput> outputs,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("ood") OodSettings ood) {

    /** The schema version this library writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    /** The default intended-use statement. */
    public static final String RESEARCH_USE =
            "Research and education only. Not a medical device; not for diagnosis or patient care.";

    /** Makes the collections unmodifiable. */
    public ModelCard {
        labels = labels == null ? null : List.copyOf(labels);
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(provenance));
        outputs = outputs == null ? null : List.copyOf(outputs);
        if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
    }

    /** @return the outputs the model returns, in order; just the class scores when the card lists none */
    public List<ModelOutput> outputList() {
        return outputs == null || outputs.isEmpty() ? List.of(ModelOutput.SCORES) : outputs;
    }

    /**
     * @param o an output
     * @return whether the model returns it
     */
    public boolean has(ModelOutput o) {
        return outputList().contains(o);
    }

    /** @return the temperature logits are divided by before softmax (1 when the card has none) */
    public double temperatureOrOne() {
        return temperature == null ? 1.0 : temperature;
    }

    /**
     * @param label a class label
     * @return its output index
     * @throws IllegalArgumentException if the model has no such class
     */
    public int indexOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("model " + name + " has no class '" + label + "'; classes are " + labels);
        }
        return i;
    }

    /**
     * @param newSha256 the checksum
     * @param newWeights the weight file name
     * @return a copy naming another weight file
     */
    public ModelCard withWeights(String newWeights, String newSha256) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, newWeights,
                newSha256, output, operatingPoint, intendedUse, provenance, outputs, temperature, ood);
    }

    /**
     * @param newFormat the format
     * @return a copy with another format
     */
    public ModelCard withFormat(ModelFormat newFormat) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, newFormat, weights,
                sha256, output, operatingPoint, intendedUse, provenance, outputs, temperature, ood);
    }

    /**
     * @param spec the preprocessing
     * @return a copy with other preprocessing
     */
    public ModelCard withPreprocessing(PreprocessingSpec spec) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, spec, format, weights, sha256, output,
                operatingPoint, intendedUse, provenance, outputs, temperature, ood);
    }

    /**
     * @param point the operating point
     * @return a copy with the operating point
     */
    public ModelCard withOperatingPoint(OperatingPoint point) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, weights,
                sha256, output, point, intendedUse, provenance, outputs, temperature, ood);
    }

    /**
     * @param newProvenance the provenance map
     * @return a copy with the provenance replaced
     */
    public ModelCard withProvenance(Map<String, Object> newProvenance) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, weights,
                sha256, output, operatingPoint, intendedUse, newProvenance, outputs, temperature, ood);
    }

    /**
     * @param newOutputs the outputs the model returns, in order (the class scores first)
     * @return a copy listing them
     */
    public ModelCard withOutputs(List<ModelOutput> newOutputs) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, weights,
                sha256, output, operatingPoint, intendedUse, provenance, newOutputs, temperature, ood);
    }

    /**
     * @param newTemperature the softmax temperature, or {@code null} for none
     * @return a copy with it
     */
    public ModelCard withTemperature(Double newTemperature) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, weights,
                sha256, output, operatingPoint, intendedUse, provenance, outputs, newTemperature, ood);
    }

    /**
     * @param newOod the out-of-distribution gate, or {@code null} for none
     * @return a copy with it
     */
    public ModelCard withOod(OodSettings newOod) {
        return new ModelCard(schemaVersion, name, version, architecture, labels, preprocessing, format, weights,
                sha256, output, operatingPoint, intendedUse, provenance, outputs, temperature, newOod);
    }

    /** @return a builder; name, architecture, labels, preprocessing, format and weights are required */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ModelCard}; the checksum is filled in by {@link ModelBundle#write}. */
    public static final class Builder {
        private String name;
        private String version = "0.1.0";
        private String architecture;
        private List<String> labels;
        private PreprocessingSpec preprocessing;
        private ModelFormat format;
        private String weights;
        private OutputKind output = OutputKind.LOGITS;
        private OperatingPoint operatingPoint;
        private String intendedUse = RESEARCH_USE;
        private Map<String, Object> provenance = Map.of();

        private Builder() {}

        /** @param name model name @return this builder */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** @param architecture the network name @return this builder */
        public Builder setArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /** @param labels class labels in output order @return this builder */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /** @param spec the preprocessing @return this builder */
        public Builder setPreprocessing(PreprocessingSpec spec) {
            this.preprocessing = spec;
            return this;
        }

        /** @param format weight format @param weights weight file name @return this builder */
        public Builder setWeights(ModelFormat format, String weights) {
            this.format = format;
            this.weights = weights;
            return this;
        }

        /** @param version the model version @return this builder */
        public Builder optVersion(String version) {
            this.version = version;
            return this;
        }

        /** @param output logits (default) or probabilities @return this builder */
        public Builder optOutput(OutputKind output) {
            this.output = output;
            return this;
        }

        /** @param point the operating point @return this builder */
        public Builder optOperatingPoint(OperatingPoint point) {
            this.operatingPoint = point;
            return this;
        }

        /** @param intendedUse the intended-use statement @return this builder */
        public Builder optIntendedUse(String intendedUse) {
            this.intendedUse = intendedUse;
            return this;
        }

        /** @param provenance free-form provenance @return this builder */
        public Builder optProvenance(Map<String, Object> provenance) {
            this.provenance = provenance;
            return this;
        }

        /** @return the card (checksum still empty) */
        public ModelCard build() {
            return new ModelCard(SCHEMA_VERSION, name, version, architecture, labels, preprocessing, format, weights,
                    null, output, operatingPoint, intendedUse, provenance, null, null, null);
        }
    }
}
