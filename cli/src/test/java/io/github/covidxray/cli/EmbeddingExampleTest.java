package io.github.covidxray.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ModelException;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.covidxray.core.CovidClassifier;
import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example ({@code examples/embedding}, a separate project) is compiled here against this
 * build's core, so an API change that breaks the documented code fails the SDK's own build, not only the
 * CI step that runs the example after {@code mvn install}.
 */
class EmbeddingExampleTest {

    @TempDir
    Path out;

    @Test
    void compilesAgainstTheCurrentCoreApi() throws Exception {
        Path source = Path.of(System.getProperty("basedir", "."))
                .resolve("../examples/embedding/src/main/java/example/ClassifyXrays.java");
        assertTrue(Files.isRegularFile(source), source + " missing");
        String classpath = Stream.of(CovidClassifier.class, ModelException.class, JsonProperty.class)
                .map(EmbeddingExampleTest::jarOf).collect(Collectors.joining(File.pathSeparator));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(messages, null, null,
                List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", classpath, "-d", out.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertTrue(ok, messages.toString());
        assertTrue(Files.isRegularFile(out.resolve("example/ClassifyXrays.class")));
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
