package io.github.covidxray.export;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.github.covidxray.training.nn.ClassifierNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Runs networks on DJL's PyTorch engine and exported files on ONNX Runtime, for comparisons. */
final class ExportTesting {

    static final String PYTORCH = "PyTorch";
    static final String ONNX_RUNTIME = "OnnxRuntime";

    private ExportTesting() {}

    /** Logits and their shape. */
    record Logits(float[] values, Shape shape) {
        double maxAbsDiff(Logits other) {
            if (!shape.equals(other.shape)) {
                throw new AssertionError("shapes differ: " + shape + " vs " + other.shape);
            }
            double max = 0;
            for (int i = 0; i < values.length; i++) {
                max = Math.max(max, Math.abs(values[i] - other.values[i]));
            }
            return max;
        }

        /** @return the first {@code n} rows */
        Logits head(int n) {
            int columns = Math.toIntExact(shape.get(1));
            return new Logits(java.util.Arrays.copyOf(values, n * columns), new Shape(n, columns));
        }

        double maxAbs() {
            double max = 0;
            for (float v : values) {
                max = Math.max(max, Math.abs(v));
            }
            return max;
        }
    }

    /**
     * Gives every BatchNorm random gamma, beta, running mean and variance, so folding is really exercised
     * (fresh networks have mean 0 and variance 1, where a wrong fold can go unnoticed), and the head weights
     * a wider range than torchvision's N(0, 0.01), so that logits are of order 1 and differences show.
     */
    static void randomizeStatistics(Block network, long seed) {
        Random random = new Random(seed);
        if (network instanceof ClassifierNetwork classifier) {
            for (Parameter p : classifier.head().getParameters().values()) {
                fill(p, random, -0.1f, 0.1f);
            }
        }
        for (Parameter p : network.getParameters().values()) {
            switch (p.getType()) {
                case GAMMA -> fill(p, random, 0.5f, 1.5f);
                case BETA, RUNNING_MEAN -> fill(p, random, -0.3f, 0.3f);
                case RUNNING_VAR -> fill(p, random, 0.4f, 1.6f);
                default -> { }
            }
        }
    }

    private static void fill(Parameter p, Random random, float min, float max) {
        NDArray array = p.getArray();
        float[] v = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = min + random.nextFloat() * (max - min);
        }
        array.set(v);
    }

    /** @return seeded standard normal values, the scale of normalised images */
    static float[] randomInput(Shape shape, long seed) {
        Random random = new Random(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** @return the network's inference-mode output on PyTorch */
    static Logits pytorch(Block network, NDManager manager, float[] input, Shape shape) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, shape);
            NDArray y = network.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            return new Logits(y.toFloatArray(), y.getShape());
        }
    }

    /** @return the ONNX file's first output on ONNX Runtime */
    static Logits onnxRuntime(Path file, float[] input, Shape shape)
            throws IOException, ModelException, TranslateException {
        return onnxRuntimeOutputs(file, input, shape).get(0);
    }

    /** @return every output of the ONNX file on ONNX Runtime, in graph order */
    static java.util.List<Logits> onnxRuntimeOutputs(Path file, float[] input, Shape shape)
            throws IOException, ModelException, TranslateException {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine(ONNX_RUNTIME)
                .optTranslator(new NoopTranslator())
                .optProgress(null)
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager scope = model.getNDManager().newSubManager()) {
            NDArray x = scope.create(input, shape);
            x.setName(OnnxExporter.INPUT);
            java.util.List<Logits> out = new java.util.ArrayList<>();
            for (NDArray y : predictor.predict(new NDList(x))) {
                out.add(new Logits(y.toFloatArray(), y.getShape()));
            }
            return out;
        }
    }
}
