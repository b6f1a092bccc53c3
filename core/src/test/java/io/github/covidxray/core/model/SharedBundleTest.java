package io.github.covidxray.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.PreprocessingSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelBundle#sharedFromClasspath}: unpacked once, reused, re-unpacked when a file changed, never updated. */
class SharedBundleTest {

    private static final String RESOURCE = "org/example/models/tiny";
    private static final byte[] WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8};

    @TempDir
    Path tmp;

    private String previousCacheDir;
    private Path cache;

    @BeforeEach
    void pointCacheIntoTmp() {
        previousCacheDir = System.getProperty(ModelBundle.CACHE_DIR_PROPERTY);
        cache = tmp.resolve("cache");
        System.setProperty(ModelBundle.CACHE_DIR_PROPERTY, cache.toString());
    }

    @AfterEach
    void restoreCacheDir() {
        if (previousCacheDir == null) {
            System.clearProperty(ModelBundle.CACHE_DIR_PROPERTY);
        } else {
            System.setProperty(ModelBundle.CACHE_DIR_PROPERTY, previousCacheDir);
        }
    }

    /** A class path holding one bundle under {@link #RESOURCE}, with the given name in its card. */
    private ClassLoader classPathWith(String name, Path root) throws Exception {
        Path weights = tmp.resolve(name + "-src.onnx");
        Files.write(weights, WEIGHTS);
        ModelCard card = ModelCard.builder().setName(name).setArchitecture("test")
                .setLabels(List.of("covid", "normal", "pneumonia"))
                .setPreprocessing(PreprocessingSpec.builder().setSize(32).optChannels(1).build())
                .setWeights(ModelFormat.ONNX, "ignored")
                .build();
        ModelBundle.write(root.resolve(RESOURCE), card, weights);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @Test
    void unpacksOnceIntoTheCacheAndReusesTheCopy() throws Exception {
        ClassLoader loader = classPathWith("tiny", tmp.resolve("cp"));
        ModelBundle first = ModelBundle.sharedFromClasspath(RESOURCE, loader);
        assertTrue(first.directory().startsWith(cache), first.directory().toString());
        assertArrayEquals(WEIGHTS, Files.readAllBytes(first.weightsFile()));
        long written = Files.getLastModifiedTime(first.weightsFile()).toMillis();

        ModelBundle second = ModelBundle.sharedFromClasspath(RESOURCE, loader);
        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second.weightsFile()).toMillis(), "copied again");
        try (var entries = Files.list(first.directory().getParent())) {
            assertEquals(1, entries.count(), "one folder per bundle, no staging folder left behind");
        }
    }

    @Test
    void aChangedFileInTheCacheIsReplacedByAFreshCheckedCopy() throws Exception {
        ClassLoader loader = classPathWith("tiny", tmp.resolve("cp"));
        ModelBundle first = ModelBundle.sharedFromClasspath(RESOURCE, loader);
        Files.write(first.weightsFile(), new byte[] {9}, StandardOpenOption.APPEND);

        ModelBundle again = ModelBundle.sharedFromClasspath(RESOURCE, loader);
        assertArrayEquals(WEIGHTS, Files.readAllBytes(again.weightsFile()));
        assertEquals(first.card(), again.card());
    }

    @Test
    void anotherBundleGetsItsOwnFolder() throws Exception {
        ModelBundle a = ModelBundle.sharedFromClasspath(RESOURCE, classPathWith("tiny", tmp.resolve("cp-a")));
        ModelBundle b = ModelBundle.sharedFromClasspath(RESOURCE, classPathWith("other", tmp.resolve("cp-b")));
        assertNotEquals(a.directory(), b.directory());
        assertEquals("tiny", ModelBundle.load(a.directory()).card().name());
        assertEquals("other", ModelBundle.load(b.directory()).card().name());
    }

    @Test
    void theSharedCopyCannotBeUpdatedButAPrivateOneCan() throws Exception {
        ClassLoader loader = classPathWith("tiny", tmp.resolve("cp"));
        ModelBundle shared = ModelBundle.sharedFromClasspath(RESOURCE, loader);
        assertThrows(IllegalStateException.class, () -> shared.update(shared.card().withTemperature(2.0)));
        assertEquals(null, ModelBundle.sharedFromClasspath(RESOURCE, loader).card().temperature());

        ModelBundle own = ModelBundle.fromClasspath(RESOURCE, loader);
        assertFalse(own.directory().startsWith(cache));
        assertEquals(2.0, own.update(own.card().withTemperature(2.0)).card().temperature());
    }

    @Test
    void anUnwritableCacheFallsBackToAPrivateCopy() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        System.setProperty(ModelBundle.CACHE_DIR_PROPERTY, notAFolder.toString());
        ModelBundle bundle = ModelBundle.sharedFromClasspath(RESOURCE, classPathWith("tiny", tmp.resolve("cp")));
        assertFalse(bundle.directory().startsWith(notAFolder));
        assertArrayEquals(WEIGHTS, Files.readAllBytes(bundle.weightsFile()));
    }
}
