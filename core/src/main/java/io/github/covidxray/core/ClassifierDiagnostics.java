package io.github.covidxray.core;

import ai.djl.translate.TranslateException;

/**
 * Low-level access that interoperability checks, benchmarks and leak tests need, and that ordinary callers do
 * not: the model's raw outputs on already preprocessed input, and the count of native arrays it holds. The
 * classifiers this SDK's engines return implement it; test with {@code instanceof}.
 */
public interface ClassifierDiagnostics {

    /**
     * Runs the model on input that is already preprocessed and returns its raw outputs (logits or
     * probabilities, as the model produces them, before any softmax or temperature). Thread-safe.
     *
     * @param nchw {@code n} preprocessed images in NCHW order, each of {@link PreprocessingSpec#sampleSize()} floats
     * @param n the number of images, in one forward pass
     * @return one output row per image
     * @throws TranslateException if the engine fails
     * @throws IllegalArgumentException if {@code nchw} is shorter than {@code n} images
     * @throws IllegalStateException if the classifier is closed
     */
    float[][] forwardRaw(float[] nchw, int n) throws TranslateException;

    /**
     * The model input for images as read, exactly as {@link CovidClassifier#classify} builds it (the bundle's lung
     * focus, if any, then {@link XrayPreprocessor}), for tools that run {@link #forwardOutputs} themselves.
     * Thread-safe.
     *
     * @param images images as read
     * @return their input, NCHW, {@code images.size() * sampleSize()} floats
     * @throws TranslateException if the lung segmenter fails
     * @throws IllegalStateException if the classifier is closed
     */
    float[] preprocess(java.util.List<XrayImage> images) throws TranslateException;

    /**
     * Counts the native arrays the model holds right now: its weights plus anything a call failed to
     * release. Constant across calls when nothing leaks.
     *
     * @return the number of open arrays
     * @throws IllegalStateException if the classifier is closed
     */
    int openNDArrays();

    /**
     * One forward pass on preprocessed input, returning every output the model carries (class scores before
     * softmax, pooled features, class activation maps), for calibration and out-of-distribution fitting.
     *
     * @param nchw {@code n} preprocessed images, NCHW
     * @param n how many
     * @return the outputs
     * @throws TranslateException if the engine fails
     */
    RawOutputs forwardOutputs(float[] nchw, int n) throws TranslateException;
}
