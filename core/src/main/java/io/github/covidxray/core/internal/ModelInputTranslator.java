package io.github.covidxray.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.github.covidxray.core.RawOutputs;
import io.github.covidxray.core.model.ModelOutput;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Turns a {@link ModelInput} into one {@code (N, C, H, W)} float32 tensor and the model's outputs into
 * {@link RawOutputs}: the class scores {@code (N, classes)} and, when the card lists them, the pooled features
 * {@code (N, F)} and class activation maps {@code (N, classes, h, w)}, all from the same forward pass. Outputs
 * are found by name when the engine names them (ONNX Runtime), else by position in the card's list. Uses no
 * engine operators, so it runs on ONNX Runtime too; every array it makes belongs to the per-call manager DJL
 * closes after the call. Immutable and thread-safe.
 */
final class ModelInputTranslator implements NoBatchifyTranslator<ModelInput, RawOutputs> {

    private final List<ModelOutput> outputs;

    /** @param outputs the outputs the model returns, in order, class scores first */
    ModelInputTranslator(List<ModelOutput> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, ModelInput input) {
        // No name on the array: ONNX Runtime then binds it to the graph's only input, whatever it is called.
        return new NDList(ctx.getNDManager().create(FloatBuffer.wrap(input.data(), 0, input.length()),
                input.batchShape()));
    }

    @Override
    public RawOutputs processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        if (list.isEmpty()) {
            throw new TranslateException("the model returned no output");
        }
        NDArray scoreArray = find(list, ModelOutput.SCORES);
        float[][] scores = rows(scoreArray, 2, "class scores (N, classes)");
        float[][] features = null;
        float[][] maps = null;
        int mapRows = 0;
        int mapCols = 0;
        if (outputs.contains(ModelOutput.POOLED_FEATURES)) {
            features = rows(find(list, ModelOutput.POOLED_FEATURES), 2, "pooled features (N, F)");
        }
        if (outputs.contains(ModelOutput.CLASS_ACTIVATION_MAPS)) {
            NDArray m = find(list, ModelOutput.CLASS_ACTIVATION_MAPS);
            maps = rows(m, 4, "class activation maps (N, classes, h, w)");
            mapRows = Math.toIntExact(m.getShape().get(2));
            mapCols = Math.toIntExact(m.getShape().get(3));
        }
        return new RawOutputs(scores, features, maps, mapRows, mapCols);
    }

    private NDArray find(NDList list, ModelOutput which) throws TranslateException {
        for (NDArray a : list) {
            if (which.jsonName().equals(a.getName())) {
                return a;
            }
        }
        int position = outputs.indexOf(which);
        if (position < 0 || position >= list.size()) {
            throw new TranslateException("model.json lists outputs " + outputs + " but the model returned "
                    + list.size() + " output(s)");
        }
        return list.get(position);
    }

    /** Copies an array of {@code dims} dimensions into one row per batch item. */
    private static float[][] rows(NDArray out, int dims, String what) throws TranslateException {
        Shape shape = out.getShape();
        if (shape.dimension() != dims) {
            throw new TranslateException("expected the model's " + what + ", found shape " + shape);
        }
        if (out.getDataType() != DataType.FLOAT32) {
            throw new TranslateException("expected float32 model output, found " + out.getDataType());
        }
        int rows = Math.toIntExact(shape.get(0));
        int cols = rows == 0 ? 0 : Math.toIntExact(shape.size() / rows);
        float[] flat = out.toFloatArray();
        float[][] result = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, result[r], 0, cols);
        }
        return result;
    }
}
