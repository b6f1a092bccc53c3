package io.github.covidxray.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * Turns a {@link ModelInput} into one {@code (N, C, H, W)} float32 tensor and the model's first output,
 * {@code (N, classes)}, into one row per image. Uses no engine operators, so it runs on ONNX Runtime too;
 * every array it makes belongs to the per-call manager DJL closes after the call. Stateless and thread-safe.
 */
final class ModelInputTranslator implements NoBatchifyTranslator<ModelInput, float[][]> {

    @Override
    public NDList processInput(TranslatorContext ctx, ModelInput input) {
        // No name on the array: ONNX Runtime then binds it to the graph's only input, whatever it is called.
        return new NDList(ctx.getNDManager().create(FloatBuffer.wrap(input.data(), 0, input.length()),
                input.batchShape()));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        if (list.isEmpty()) {
            throw new TranslateException("the model returned no output");
        }
        NDArray out = list.get(0);
        Shape shape = out.getShape();
        if (shape.dimension() != 2) {
            throw new TranslateException("expected the model's first output to have shape (N, classes), found " + shape);
        }
        if (out.getDataType() != DataType.FLOAT32) {
            throw new TranslateException("expected float32 model output, found " + out.getDataType());
        }
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(1));
        float[] flat = out.toFloatArray();
        float[][] result = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, result[r], 0, cols);
        }
        return result;
    }
}
