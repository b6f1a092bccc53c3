package io.github.covidxray.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A model on disk: a folder (or a zip of one) holding {@code model.json} ({@link ModelCard}) next to the
 * weight file it names. Loading checks the schema and the weight file's SHA-256, so a truncated download
 * or a swapped file is caught before any engine sees it. Immutable and thread-safe.
 *
 * @param directory the folder holding the files (a temporary folder for zips and classpath bundles)
 * @param card the parsed {@code model.json}
 */
public record ModelBundle(Path directory, ModelCard card) {

    /** The name of the metadata file in every bundle. */
    public static final String MODEL_JSON = "model.json";

    /**
     * System property naming the folder where {@link #sharedFromClasspath} keeps unpacked bundles; otherwise
     * {@code $XDG_CACHE_HOME/covid-xray}, else {@code ~/.cache/covid-xray}.
     */
    public static final String CACHE_DIR_PROPERTY = "covidxray.cache.dir";

    /** Written last into an unpacked shared bundle: each file's name, size and modification time when checked. */
    private static final String VERIFIED = ".verified";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** @return the weight file */
    public Path weightsFile() {
        return directory.resolve(card.weights());
    }

    /** @return the out-of-distribution statistics file, when the card names one */
    public java.util.Optional<Path> oodFile() {
        return card.ood() == null ? java.util.Optional.empty() : java.util.Optional.of(directory.resolve(card.ood().file()));
    }

    /** @return the image statistics gate's file, when the card names one */
    public java.util.Optional<Path> oodImageFile() {
        return card.ood() == null || card.ood().imageFile() == null ? java.util.Optional.empty()
                : java.util.Optional.of(directory.resolve(card.ood().imageFile()));
    }

    /**
     * Replaces this bundle's {@code model.json} with another card for the same weights, for example one with
     * a fitted temperature or out-of-distribution gate. An OOD file the card names must already be in the
     * bundle folder; its checksum is filled in here.
     *
     * @param newCard the card; its weights and checksum must be this bundle's
     * @return the updated bundle
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the card names other weights or is invalid
     */
    public ModelBundle update(ModelCard newCard) throws IOException {
        if (cacheRoot().map(root -> directory.toAbsolutePath().normalize().startsWith(root)).orElse(false)) {
            throw new IllegalStateException(directory + " is a shared, read-only copy of a bundle on the class path;"
                    + " use ModelBundle.fromClasspath for a private copy to change");
        }
        if (!newCard.weights().equals(card.weights()) || !newCard.sha256().equalsIgnoreCase(card.sha256())) {
            throw new IllegalArgumentException("the new card names weights " + newCard.weights()
                    + ", not this bundle's " + card.weights());
        }
        ModelCard written = newCard;
        if (newCard.ood() != null) {
            Path ood = checkedInside(directory, newCard.ood().file(), "ood file");
            OodSettings settings = newCard.ood().withSha256(sha256(ood));
            if (settings.imageFile() != null) {
                settings = settings.withImageSha256(sha256(checkedInside(directory, settings.imageFile(), "ood image file")));
            }
            written = newCard.withOod(settings);
        }
        try {
            validate(directory, written);
        } catch (InvalidBundleException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        MAPPER.writeValue(directory.resolve(MODEL_JSON).toFile(), written);
        return new ModelBundle(directory, written);
    }

    private static Path checkedInside(Path dir, String name, String what) throws IOException {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new IllegalArgumentException(what + " '" + name + "' points outside the bundle " + dir);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " named in model.json is missing");
        }
        return file;
    }

    /** @return the JSON mapper used for {@code model.json}, configured for this schema */
    public static ObjectMapper json() {
        return MAPPER;
    }

    /**
     * Loads and verifies a bundle.
     *
     * @param path a bundle folder, a zip of one, or a {@code model.json} file
     * @return the bundle
     * @throws InvalidBundleException if it is missing, malformed or its checksum does not match
     */
    public static ModelBundle load(Path path) throws InvalidBundleException {
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(MODEL_JSON)) {
            return load(path.toAbsolutePath().getParent());
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".zip")) {
            return load(unzip(path));
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidBundleException(path + ": model bundle not found (expected a folder or .zip with "
                    + MODEL_JSON + ")");
        }
        Path json = path.resolve(MODEL_JSON);
        ModelCard card;
        try {
            card = MAPPER.readValue(json.toFile(), ModelCard.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidBundleException(path + ": no " + MODEL_JSON + " in bundle", e);
        } catch (IOException e) {
            throw new InvalidBundleException(json + ": not a valid model.json: " + firstLine(e.getMessage()), e);
        }
        if (card == null) {
            throw new InvalidBundleException(json + ": empty model.json");
        }
        validate(path, card);
        Path weights = path.resolve(card.weights()).normalize();
        if (!weights.startsWith(path.normalize())) {
            throw new InvalidBundleException(json + ": weights '" + card.weights() + "' points outside the bundle");
        }
        if (!Files.isRegularFile(weights)) {
            throw new InvalidBundleException(path + ": weight file '" + card.weights() + "' named in model.json is missing");
        }
        String actual = sha256(weights);
        if (!actual.equalsIgnoreCase(card.sha256())) {
            throw new InvalidBundleException(path + ": checksum mismatch for " + card.weights() + ": model.json expects sha256 "
                    + card.sha256() + ", file has " + actual + " (corrupted or replaced weight file)");
        }
        if (card.ood() != null) {
            verifyOodFile(path, json, card.ood().file(), card.ood().sha256());
            if (card.ood().imageFile() != null) {
                verifyOodFile(path, json, card.ood().imageFile(), card.ood().imageSha256());
            }
        }
        return new ModelBundle(path.toAbsolutePath(), card);
    }

    private static void verifyOodFile(Path path, Path json, String name, String expectedSha256) throws InvalidBundleException {
        Path file = path.resolve(name).normalize();
        if (!file.startsWith(path.normalize())) {
            throw new InvalidBundleException(json + ": ood file '" + name + "' points outside the bundle");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(path + ": ood statistics file '" + name
                    + "' named in model.json is missing");
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new InvalidBundleException(path + ": checksum mismatch for " + name + ": model.json expects"
                    + " sha256 " + expectedSha256 + ", file has " + actual + " (corrupted or replaced statistics file)");
        }
    }

    /**
     * Loads a bundle packaged as classpath resources (for example inside a jar), copying its two files to a
     * temporary folder that is deleted when the JVM exits.
     *
     * @param resourceDir the resource folder, for example {@code io/github/covidxray/models/default}
     * @param loader the class loader to search
     * @return the bundle
     * @throws InvalidBundleException if the resources are missing or invalid
     */
    public static ModelBundle fromClasspath(String resourceDir, ClassLoader loader) throws InvalidBundleException {
        String base = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
        byte[] json = classpathJson(loader, base);
        try {
            Path dir = Files.createTempDirectory("covid-xray-model-");
            dir.toFile().deleteOnExit();
            return unpack(json, loader, base, dir, true);
        } catch (IOException e) {
            throw new InvalidBundleException("classpath:" + base + ": cannot unpack bundle: " + e.getMessage(), e);
        }
    }

    /** The bytes of a class-path bundle's {@code model.json}. */
    private static byte[] classpathJson(ClassLoader loader, String base) throws InvalidBundleException {
        try (InputStream in = loader.getResourceAsStream(base + MODEL_JSON)) {
            if (in == null) {
                throw new InvalidBundleException("classpath:" + base + MODEL_JSON + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidBundleException("classpath:" + base + ": cannot read " + MODEL_JSON + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a class-path bundle's files into {@code dir} (its {@code model.json}, weights and OOD statistics) and
     * loads them, checksums included; {@code temporary} files are deleted when the JVM exits.
     */
    private static ModelBundle unpack(byte[] json, ClassLoader loader, String base, Path dir, boolean temporary)
            throws IOException, InvalidBundleException {
        Path jsonFile = Files.write(dir.resolve(MODEL_JSON), json);
        if (temporary) {
            jsonFile.toFile().deleteOnExit();
        }
        ModelCard card = MAPPER.readValue(json, ModelCard.class);
        validate(dir, card);
        for (String name : filesBeside(card)) {
            try (InputStream in = loader.getResourceAsStream(base + name)) {
                if (in == null) {
                    throw new InvalidBundleException("classpath:" + base + name + " not found");
                }
                Path target = dir.resolve(Path.of(name).getFileName().toString());
                Files.copy(in, target);
                if (temporary) {
                    target.toFile().deleteOnExit();
                }
            }
        }
        return load(dir);
    }

    /**
     * Like {@link #fromClasspath}, but unpacks the bundle once per user into a cache folder ({@link
     * #CACHE_DIR_PROPERTY}) that later calls, in this process or another, reuse: no copying and no checksum of
     * the weights at start-up after the first time. The copy is checked against {@code model.json}'s SHA-256
     * sums when it is written; later loads check that every file still has the size and modification time it
     * had then, and unpack and check again if not. The folder is named after the checksum of {@code model.json},
     * which names the checksums of the other files, so a changed bundle gets its own folder. Falls back to a
     * private temporary copy when the cache folder cannot be written.
     *
     * <p>The returned bundle is shared: {@link #update} refuses to change it.
     *
     * @param resourceDir the resource folder, for example {@code io/github/covidxray/models/default}
     * @param loader the class loader to search
     * @return the bundle
     * @throws InvalidBundleException if the resources are missing or invalid
     */
    public static ModelBundle sharedFromClasspath(String resourceDir, ClassLoader loader) throws InvalidBundleException {
        String base = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
        Optional<Path> root = cacheRoot();
        if (root.isEmpty()) {
            return fromClasspath(resourceDir, loader);
        }
        byte[] json = classpathJson(loader, base);
        String key = HexFormat.of().formatHex(digest(json), 0, 8);
        Path dir = root.get().resolve("bundles").resolve(base.replaceAll("[^A-Za-z0-9._-]+", "_") + key);
        try {
            ModelBundle unchanged = ifUnchanged(dir, json);
            if (unchanged != null) {
                return unchanged;
            }
            Files.createDirectories(dir.getParent());
            Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
            try {
                ModelBundle checked = unpack(json, loader, base, staging, false);
                writeVerified(staging, checked.card());
                ModelBundle theirs = ifUnchanged(dir, json); // unpacked meanwhile by another process?
                if (theirs != null) {
                    return theirs;
                }
                if (Files.isDirectory(dir)) {
                    deleteFlat(dir); // stale: a file changed since it was checked
                }
                try {
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // Another process unpacked the same bundle first; use its copy if it is whole.
                    ModelBundle first = ifUnchanged(dir, json);
                    if (first == null) {
                        throw raced;
                    }
                    return first;
                }
                return new ModelBundle(dir.toAbsolutePath(), checked.card());
            } finally {
                if (Files.isDirectory(staging)) {
                    deleteFlat(staging);
                }
            }
        } catch (InvalidBundleException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ModelBundle.class).warn("cannot use the bundle cache {} ({}); unpacking"
                    + " to a temporary folder", dir, e.toString());
            return fromClasspath(resourceDir, loader);
        }
    }

    /**
     * The bundle in a cache folder if it is there and every file is as it was when checked, else {@code null}.
     * {@code json} is the class path's {@code model.json}, whose checksum named the folder.
     */
    private static ModelBundle ifUnchanged(Path dir, byte[] json) throws IOException, InvalidBundleException {
        Path marker = dir.resolve(VERIFIED);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(marker)) {
            return null;
        }
        for (String line : Files.readAllLines(marker)) {
            String[] f = line.split("\t");
            Path file = dir.resolve(f[0]);
            if (f.length != 3 || !Files.isRegularFile(file) || Files.size(file) != Long.parseLong(f[1])
                    || Files.getLastModifiedTime(file).toMillis() != Long.parseLong(f[2])) {
                return null;
            }
        }
        ModelCard card = MAPPER.readValue(json, ModelCard.class);
        validate(dir, card);
        return new ModelBundle(dir.toAbsolutePath(), card);
    }

    private static void writeVerified(Path dir, ModelCard card) throws IOException {
        List<String> files = new ArrayList<>(List.of(MODEL_JSON));
        files.addAll(filesBeside(card));
        StringBuilder lines = new StringBuilder();
        for (String name : files) {
            Path file = dir.resolve(name);
            lines.append(name).append('\t').append(Files.size(file)).append('\t')
                    .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
        }
        Files.writeString(dir.resolve(VERIFIED), lines);
    }

    /** @return the files a card names beside {@code model.json}: the weights, then any OOD statistics */
    private static List<String> filesBeside(ModelCard card) {
        List<String> files = new ArrayList<>(List.of(card.weights()));
        if (card.ood() != null) {
            files.addAll(card.ood().files());
        }
        return files;
    }

    /** Deletes a bundle folder (bundles are flat: files only). */
    private static void deleteFlat(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The folder for shared unpacked bundles, if one can be named. */
    static Optional<Path> cacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath().normalize());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "covid-xray").normalize());
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? Optional.empty()
                : Optional.of(Path.of(home, ".cache", "covid-xray").toAbsolutePath().normalize());
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /**
     * Writes a bundle: copies the weight file into {@code dir} (unless it is already there), computes its
     * checksum and writes {@code model.json}.
     *
     * @param dir the bundle folder, created if needed
     * @param card the card; its {@code weights} name and {@code sha256} are set from {@code weightsSource}
     * @param weightsSource the weight file
     * @return the written bundle
     * @throws IOException if writing fails
     */
    public static ModelBundle write(Path dir, ModelCard card, Path weightsSource) throws IOException {
        Files.createDirectories(dir);
        String name = weightsSource.getFileName().toString();
        Path target = dir.resolve(name);
        if (!Files.exists(target) || !Files.isSameFile(target, weightsSource)) {
            Files.copy(weightsSource, target, StandardCopyOption.REPLACE_EXISTING);
        }
        ModelCard written = card.withWeights(name, sha256(target));
        try {
            validate(dir, written);
        } catch (InvalidBundleException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        MAPPER.writeValue(dir.resolve(MODEL_JSON).toFile(), written);
        return new ModelBundle(dir.toAbsolutePath(), written);
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static void validate(Path where, ModelCard card) throws InvalidBundleException {
        String at = where + "/" + MODEL_JSON + ": ";
        if (card.schemaVersion() != ModelCard.SCHEMA_VERSION) {
            throw new InvalidBundleException(at + "schema_version " + card.schemaVersion() + " is not supported (expected "
                    + ModelCard.SCHEMA_VERSION + ")");
        }
        require(at, "name", card.name());
        require(at, "architecture", card.architecture());
        require(at, "labels", card.labels());
        require(at, "preprocessing", card.preprocessing());
        require(at, "format", card.format());
        require(at, "weights", card.weights());
        require(at, "output", card.output());
        List<String> labels = card.labels();
        if (card.output() == OutputKind.MASK_LOGITS) {
            if (labels.size() != 1) {
                throw new InvalidBundleException(at + "a segmentation bundle (output mask_logits) has exactly 1 label,"
                        + " the segmented structure; found " + labels);
            }
        } else if (labels.size() < 2) {
            throw new InvalidBundleException(at + "expected at least 2 labels, found " + labels.size());
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new InvalidBundleException(at + "labels must be unique, found " + labels);
        }
        if (card.operatingPoint() != null && !labels.contains(card.operatingPoint().label())) {
            throw new InvalidBundleException(at + "operating_point label '" + card.operatingPoint().label()
                    + "' is not one of the labels " + labels);
        }
    }

    private static void require(String at, String field, Object value) throws InvalidBundleException {
        if (value == null) {
            throw new InvalidBundleException(at + "missing required field '" + field + "'");
        }
    }

    private static Path unzip(Path zip) throws InvalidBundleException {
        try {
            Path dir = Files.createTempDirectory("covid-xray-bundle-");
            dir.toFile().deleteOnExit();
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    // Bundles are flat: keep only file names, which also rules out path traversal.
                    Path target = dir.resolve(Path.of(e.getName()).getFileName().toString());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new InvalidBundleException(zip + ": cannot unzip bundle: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
