package io.github.covidxray.engine.pytorch;

import io.github.covidxray.core.model.InvalidBundleException;
import io.github.covidxray.core.model.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A DJL {@code .params} file in the layout DJL's loader insists on ({@code <prefix>-<4-digit epoch>.params}).
 * Bundles may name their weight file anything; other names are linked (or copied, where links are not
 * allowed) into a temporary folder under the expected name, removed on {@link #close()}. Not thread-safe.
 */
final class DjlParamsFile implements AutoCloseable {

    private static final byte[] MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern DJL_NAME = Pattern.compile("(.+)-(\\d{4})\\.params");

    private final Path directory;
    private final String prefix;
    private final int epoch;
    private final Path staging;

    private DjlParamsFile(Path directory, String prefix, int epoch, Path staging) {
        this.directory = directory;
        this.prefix = prefix;
        this.epoch = epoch;
        this.staging = staging;
    }

    /**
     * @param bundle a DJL-format bundle
     * @return where DJL finds its weight file
     * @throws InvalidBundleException if the file is not DJL parameters (DJL would silently load nothing)
     * @throws IOException if a temporary folder is needed and cannot be made
     */
    static DjlParamsFile of(ModelBundle bundle) throws IOException, InvalidBundleException {
        Path weights = bundle.weightsFile();
        checkMagic(bundle);
        Matcher m = DJL_NAME.matcher(weights.getFileName().toString());
        if (m.matches()) {
            return new DjlParamsFile(weights.toAbsolutePath().getParent(), m.group(1), Integer.parseInt(m.group(2)), null);
        }
        Path staging = Files.createTempDirectory("covid-xray-params-");
        Path link = staging.resolve("model-0000.params");
        try {
            Files.createSymbolicLink(link, weights.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(weights, link);
        }
        return new DjlParamsFile(staging, "model", 0, staging);
    }

    private static void checkMagic(ModelBundle bundle) throws IOException, InvalidBundleException {
        byte[] head = new byte[MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(bundle.weightsFile())) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n < head.length || !Arrays.equals(head, MAGIC)) {
            throw new InvalidBundleException(bundle.directory() + ": '" + bundle.card().weights()
                    + "' is not a DJL parameter file (expected it to start with \"DJL@\", found "
                    + HexFormat.ofDelimiter(" ").formatHex(head, 0, n) + "); corrupt, or not the format model.json says ("
                    + bundle.card().format().jsonName() + ")");
        }
    }

    /** @return the folder to load from */
    Path directory() {
        return directory;
    }

    /** @return the model name prefix */
    String prefix() {
        return prefix;
    }

    /** @return the epoch number in the file name */
    int epoch() {
        return epoch;
    }

    @Override
    public void close() {
        if (staging == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary folder " + staging, e);
        }
    }
}
