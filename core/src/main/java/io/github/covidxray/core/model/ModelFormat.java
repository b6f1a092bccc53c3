package io.github.covidxray.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kind of weight file a bundle carries, which decides the engine that can run it. */
public enum ModelFormat {
    /** An ONNX graph ({@code .onnx}); runs on ONNX Runtime. */
    ONNX("OnnxRuntime", "covid-xray-engine-onnxruntime"),
    /** A TorchScript module ({@code .pt}); runs on PyTorch. */
    TORCHSCRIPT("PyTorch", "covid-xray-engine-pytorch"),
    /** DJL parameters ({@code .params}) of an architecture this SDK knows; runs on PyTorch. */
    DJL("PyTorch", "covid-xray-engine-pytorch");

    private final String defaultEngine;
    private final String artifact;

    ModelFormat(String defaultEngine, String artifact) {
        this.defaultEngine = defaultEngine;
        this.artifact = artifact;
    }

    /** @return the DJL engine name that runs this format by default */
    public String defaultEngine() {
        return defaultEngine;
    }

    /** @return the Maven artifactId (group {@code io.github.covidxray}) that brings that engine */
    public String artifact() {
        return artifact;
    }

    /** @return the lower-case name used in {@code model.json} */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a format name, case-insensitive
     * @return the format
     * @throws IllegalArgumentException for an unknown name
     */
    public static ModelFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model format '" + name + "', expected onnx, torchscript or djl", e);
        }
    }
}
