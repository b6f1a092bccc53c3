package io.github.covidxray.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.covidxray.training.TrainingStep;
import io.github.covidxray.training.nn.Architectures;
import io.github.covidxray.training.nn.ClassifierNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training-step throughput of the torchvision-faithful networks on DJL's PyTorch engine (Adam, cross-entropy,
 * random data, three classes), optionally alternating with the Python peer
 * ({@code ../shared/tools/peers/train_bench.py}, torchvision MobileNetV2) in the same run. Not JMH: a step
 * takes 0.1-4 s and the machine is shared, so a few timed steps with their median are the honest measure.
 *
 * <p>Usage: {@code TrainingStepBenchmark [--archs mobilenetv2,densenet121] [--sizes 128,224] [--batch 16]
 * [--warmup 3] [--steps 8] [--peer /path/train_bench.py]}. Prints one {@code RESULT} line per configuration.
 */
public final class TrainingStepBenchmark {

    private TrainingStepBenchmark() {}

    /**
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        List<String> archs = List.of("mobilenetv2", "densenet121");
        int[] sizes = {128, 224};
        int batch = 16;
        int warmup = 3;
        int steps = 8;
        String peer = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--archs" -> archs = List.of(v.split(","));
                case "--sizes" -> sizes = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--batch" -> batch = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--peer" -> peer = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int size : sizes) {
            for (String arch : archs) {
                double javaMs = javaSteps(arch, size, batch, warmup, steps);
                if (peer != null && arch.startsWith("mobilenetv2")) {
                    double pythonMs = pythonSteps(peer, size, batch, steps);
                    System.out.printf(Locale.ROOT, "RATIO %s size=%d java/python ms per step = %.2f%n", arch, size,
                            javaMs / pythonMs);
                }
            }
        }
    }

    private static double javaSteps(String arch, int size, int batch, int warmup, int steps) {
        try (Model model = Model.newInstance(arch, "PyTorch")) {
            ClassifierNetwork net = Architectures.create(arch, 3, 3, 0.2f);
            model.setBlock(net);
            net.initialize(model.getNDManager(), size);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                NDManager m = trainer.getManager();
                java.util.Random random = new java.util.Random(0);
                float[] images = new float[batch * 3 * size * size];
                for (int i = 0; i < images.length; i++) {
                    images[i] = (float) random.nextGaussian();
                }
                float[] labels = new float[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = random.nextInt(3);
                }
                List<Double> ms = new ArrayList<>();
                float loss = 0;
                for (int i = 0; i < warmup + steps; i++) {
                    long t = System.nanoTime();
                    // Per-step arrays in a sub-manager, as the trainer does; the copy in is part of a real step.
                    try (NDManager step = m.newSubManager()) {
                        NDArray x = step.create(images, new Shape(batch, 3, size, size));
                        NDArray y = step.create(labels);
                        loss = TrainingStep.run(trainer, x, y).loss();
                    }
                    if (i >= warmup) {
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                }
                double median = median(ms);
                System.out.printf(Locale.ROOT, "RESULT java-djl-%s train size=%d batch=%d ms/step median=%.1f min=%.1f "
                        + "max=%.1f n=%d img/s=%.1f last_loss=%.4f%n", arch, size, batch, median,
                        ms.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        ms.stream().mapToDouble(Double::doubleValue).max().orElse(0), ms.size(), batch * 1000 / median,
                        loss);
                return median;
            }
        }
    }

    private static double pythonSteps(String script, int size, int batch, int steps)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", script, Integer.toString(size), Integer.toString(steps),
                Integer.toString(batch), "2").redirectErrorStream(true).start();
        double median = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    int at = line.indexOf("median=");
                    median = Double.parseDouble(line.substring(at + 7, line.indexOf(' ', at)));
                    System.out.printf(Locale.ROOT, "%s img/s=%.1f%n", line, batch * 1000 / median);
                }
            }
        }
        p.waitFor();
        return median;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
