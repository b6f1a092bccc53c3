package io.github.covidxray.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders of 256x256 8-bit PNG files for the throughput benchmarks, made at run time (never committed):
 * copies of the shared validation X-rays when {@code covidxray.shared.dir} has them, otherwise generated
 * chest-like images. Large folders are hard links to a few distinct files, so 20,000 inputs cost little disk.
 *
 * <pre>java -cp benchmarks.jar io.github.covidxray.benchmarks.BenchFiles /tmp/cxr-20000 20000</pre>
 */
public final class BenchFiles {

    private static final int SIDE = 256;
    private static final int DISTINCT = 16;

    private BenchFiles() {}

    /**
     * Writes {@code n} files {@code DIR/img-00000.png ...}.
     *
     * @param args the folder and the number of files
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BenchFiles DIR N   (N 256x256 PNGs, hard links to " + DISTINCT + " distinct ones)");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<Path> files = linked(dir, Integer.parseInt(args[1]));
        System.err.println("wrote " + files.size() + " files to " + dir);
    }

    /**
     * @param dir an empty folder
     * @param n how many files
     * @return the files, shared X-rays when available
     * @throws IOException if writing fails
     */
    static List<Path> pngs(Path dir, int n) throws IOException {
        List<Path> shared = sharedPngs(n);
        if (shared.size() < n) {
            return linked(dir, n);
        }
        List<Path> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Files.copy(shared.get(i), dir.resolve(String.format("img-%05d.png", i))));
        }
        return out;
    }

    /** Generated images: {@value #DISTINCT} distinct files and hard links to them. */
    static List<Path> linked(Path dir, int n) throws IOException {
        List<Path> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve(String.format("img-%05d.png", i));
            if (i < DISTINCT) {
                Files.write(file, BenchImages.png(BenchImages.chest8(SIDE, i)));
            } else {
                Files.createLink(file, out.get(i % DISTINCT));
            }
            out.add(file);
        }
        return out;
    }

    private static List<Path> sharedPngs(int n) throws IOException {
        String shared = System.getProperty("covidxray.shared.dir");
        Path val = shared == null ? null : Path.of(shared, "data", "cxr", "val");
        if (val == null || !Files.isDirectory(val)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(val)) {
            return walk.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).toList();
        }
    }
}
