package io.github.covidxray.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads torchvision-named weights (a PyTorch {@code state_dict} saved as {@code .npz} or {@code .safetensors},
 * BatchNorm running statistics included) into a {@link ClassifierNetwork} built with torchvision's layout
 * ({@link MobileNetV2Block}, {@link DenseNet121Block}).
 *
 * <p>A TorchScript {@code .pt} file cannot serve here: DJL exposes a script module's parameters but not its
 * buffers, so BatchNorm running statistics would be lost. Save the {@code state_dict} with numpy instead (see
 * the module README).
 *
 * <p>Two relaxations make ImageNet weights usable for X-rays: the head can be left out (a new head for the
 * dataset's classes is trained instead), and 3-channel stem weights are summed over colour to feed a gray
 * (1-channel) network, which gives the same output as repeating the gray image over three channels. Every
 * other difference is an error. Stateless and thread-safe; loading into one network from two threads is not.
 */
public final class TorchvisionWeights {

    private static final Logger LOG = LoggerFactory.getLogger(TorchvisionWeights.class);
    private static final String IGNORED_SUFFIX = "num_batches_tracked";

    private TorchvisionWeights() {}

    /**
     * What was loaded.
     *
     * @param file the weight file
     * @param loaded number of tensors copied into the network
     * @param ignored names in the file not used (BatchNorm batch counters, the old head when excluded)
     * @param adapted names of tensors adapted from 3 input channels to 1 (or 1 to 3)
     */
    public record Report(Path file, int loaded, List<String> ignored, List<String> adapted) {
        /** Makes the lists unmodifiable. */
        public Report {
            ignored = List.copyOf(ignored);
            adapted = List.copyOf(adapted);
        }
    }

    /**
     * Reads the named tensors of a {@code .npz} or {@code .safetensors} file.
     *
     * @param file the file
     * @param manager the manager that will own the arrays
     * @return name to array, in file order
     * @throws IOException if the file cannot be read or holds unnamed tensors
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            list = NDList.decode(manager, in);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read tensors (expected .npz or .safetensors): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a tensor file (expected .npz or .safetensors): " + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray array : list) {
            String name = array.getName();
            if (name == null || name.isEmpty()) {
                throw new IOException(file + ": tensor without a name (expected a state_dict saved with names)");
            }
            // numpy.savez stores "x.npy"; DJL may keep the suffix.
            byName.put(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name, array);
        }
        return byName;
    }

    /**
     * Copies the file's tensors into an initialised network.
     *
     * @param network a network with torchvision names, initialised (see
     *     {@link ClassifierNetwork#initialize(NDManager, int)})
     * @param file the {@code .npz} or {@code .safetensors} state_dict
     * @param includeHead true to load the classifier too (the class count must match); false to keep the
     *     network's own freshly initialised head and ignore the file's
     * @return what was loaded
     * @throws WeightsMismatchException naming every missing, unexpected or mis-shaped tensor (nothing is
     *     changed in the network then)
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException if the network is not initialised or has no torchvision names
     */
    public static Report loadInto(ClassifierNetwork network, Path file, boolean includeHead) throws IOException {
        Map<String, Parameter> targets = network.torchvisionParameters();
        if (targets.isEmpty()) {
            throw new IllegalStateException(network.architecture() + " has no torchvision parameter names");
        }
        if (!network.isInitialized()) {
            throw new IllegalStateException("initialize the network before loading weights into it");
        }
        Set<Parameter> headParameters = new HashSet<>(network.head().getParameters().values());
        String stem = targets.keySet().iterator().next();
        try (NDManager scratch = network.torchvisionParameters().get(stem).getArray().getManager().newSubManager()) {
            Map<String, NDArray> tensors = read(file, scratch);
            List<String> problems = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            List<String> adapted = new ArrayList<>();
            Map<Parameter, NDArray> plan = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> target : targets.entrySet()) {
                String name = target.getKey();
                Parameter parameter = target.getValue();
                if (!includeHead && headParameters.contains(parameter)) {
                    continue;
                }
                NDArray source = tensors.get(name);
                Shape expected = parameter.getArray().getShape();
                if (source == null) {
                    problems.add("missing tensor " + name + " (expected shape " + expected + ")");
                    continue;
                }
                NDArray value = source.toType(DataType.FLOAT32, false);
                if (!value.getShape().equals(expected) && name.equals(stem)) {
                    NDArray converted = adaptInputChannels(value, expected);
                    if (converted != null) {
                        adapted.add(name);
                        value = converted;
                    }
                }
                if (!value.getShape().equals(expected)) {
                    problems.add(name + ": expected shape " + expected + ", found " + value.getShape());
                    continue;
                }
                plan.put(parameter, value);
            }
            for (String name : tensors.keySet()) {
                Parameter parameter = targets.get(name);
                if (parameter == null) {
                    if (name.endsWith(IGNORED_SUFFIX) || (!includeHead && name.startsWith("classifier"))) {
                        ignored.add(name);
                    } else {
                        problems.add("unexpected tensor " + name + " " + tensors.get(name).getShape()
                                + " (not in " + network.architecture() + ")");
                    }
                } else if (!includeHead && headParameters.contains(parameter)) {
                    ignored.add(name);
                }
            }
            if (!problems.isEmpty()) {
                throw new WeightsMismatchException(file, problems);
            }
            plan.forEach((parameter, value) -> value.copyTo(parameter.getArray()));
            LOG.info("{}: loaded {} tensors into {} ({} ignored, {} adapted to {} input channel(s))", file,
                    plan.size(), network.architecture(), ignored.size(), adapted.size(), network.inChannels());
            return new Report(file, plan.size(), ignored, adapted);
        }
    }

    /**
     * Writes the network's weights under torchvision's names (running statistics included), so that
     * {@code torch.nn.Module.load_state_dict} in Python, or {@link #loadInto} here, can read them.
     *
     * @param network an initialised network with torchvision names
     * @param file the file to write
     * @param encoding {@link NDList.Encoding#NPZ} or {@link NDList.Encoding#SAFETENSORS}
     * @throws IOException if the file cannot be written
     */
    public static void save(ClassifierNetwork network, Path file, NDList.Encoding encoding) throws IOException {
        if (encoding == NDList.Encoding.ND_LIST) {
            throw new IllegalArgumentException("use NPZ or SAFETENSORS, which keep the tensor names");
        }
        NDList list = new NDList();
        for (Map.Entry<String, Parameter> e : network.torchvisionParameters().entrySet()) {
            NDArray array = e.getValue().getArray().duplicate();
            array.setName(e.getKey());
            list.add(array);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            list.encode(out, encoding);
        } finally {
            list.close();
        }
    }

    /**
     * Converts stem weights between gray and RGB input: summing RGB weights over colour gives a gray network
     * the response the RGB one has to a gray image repeated over three channels; the reverse divides by 3.
     *
     * @return the converted weights, or {@code null} if the shapes differ otherwise
     */
    private static NDArray adaptInputChannels(NDArray weights, Shape expected) {
        Shape found = weights.getShape();
        if (found.dimension() != 4 || expected.dimension() != 4 || found.get(0) != expected.get(0)
                || found.get(2) != expected.get(2) || found.get(3) != expected.get(3)) {
            return null;
        }
        if (found.get(1) == 3 && expected.get(1) == 1) {
            return weights.sum(new int[] {1}, true);
        }
        if (found.get(1) == 1 && expected.get(1) == 3) {
            return weights.div(3).repeat(1, 3);
        }
        return null;
    }
}
