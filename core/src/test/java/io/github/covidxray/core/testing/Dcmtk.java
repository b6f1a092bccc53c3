package io.github.covidxray.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes DICOM files with Debian's dcmtk, an implementation independent of this library, for tests:
 * PNG to DICOM ({@code img2dcm}, through an 8-bit BMP), transcoding ({@code dcmconv}, {@code dcmcrle},
 * {@code dcmcjpeg}) and MONOCHROME1 copies. Tests call {@link #require} first, which skips them when
 * the tools are absent. Reusable by any module through core's test-jar.
 */
public final class Dcmtk {

    /** Transcodings to one transfer syntax, with the dcmtk command that makes it. */
    public enum Encoding {
        /** Implicit VR little endian. */
        IMPLICIT("dcmconv", "+ti"),
        /** Explicit VR big endian. */
        BIG_ENDIAN("dcmconv", "+tb"),
        /** Deflated explicit VR little endian. */
        DEFLATED("dcmconv", "+td"),
        /** RLE lossless. */
        RLE("dcmcrle"),
        /** JPEG lossless, process 14, selection value 1. */
        JPEG_LOSSLESS_SV1("dcmcjpeg", "+e1"),
        /** JPEG lossless, process 14, selection value 6. */
        JPEG_LOSSLESS("dcmcjpeg", "+el", "+sv", "6"),
        /** JPEG baseline (lossy, 8-bit), quality 90. */
        JPEG_BASELINE("dcmcjpeg", "+eb", "+q", "90");

        private final String tool;
        private final String[] options;

        Encoding(String tool, String... options) {
            this.tool = tool;
            this.options = options;
        }

        /** @return whether the encoding loses information */
        public boolean lossy() {
            return this == JPEG_BASELINE;
        }
    }

    private static final String[] TOOLS = {"img2dcm", "dcmconv", "dcmcrle", "dcmcjpeg", "dcmdjpeg", "dcmodify"};

    private Dcmtk() {}

    /** Skips the calling test unless every dcmtk tool this class uses is on the PATH. */
    public static void require() {
        for (String tool : TOOLS) {
            assumeTrue(onPath(tool), () -> "dcmtk's " + tool + " not on the PATH (apt-get install dcmtk): skipping");
        }
    }

    /** @return whether an executable of this name is on the PATH */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(File.pathSeparator)).map(p -> Path.of(p, tool)).anyMatch(Files::isExecutable);
    }

    /**
     * Turns an 8-bit grayscale PNG into an explicit VR little endian MONOCHROME2 DICOM with img2dcm.
     *
     * @param png the image
     * @param out the DICOM file to write
     * @return {@code out}
     */
    public static Path fromPng(Path png, Path out) {
        return viaBmp(png, out, false);
    }

    /**
     * Makes a MONOCHROME1 DICOM of a PNG: pixels stored inverted ({@code 255 - v}) and marked
     * MONOCHROME1, so a correct reader gives back the PNG's pixels.
     *
     * @param png the image
     * @param out the DICOM file to write
     * @return {@code out}
     */
    public static Path fromPngMonochrome1(Path png, Path out) {
        viaBmp(png, out, true);
        run("dcmodify", "-nb", "-m", "(0028,0004)=MONOCHROME1", out.toString());
        return out;
    }

    /**
     * Transcodes a DICOM file.
     *
     * @param in the source DICOM
     * @param encoding the target transfer syntax
     * @param out the file to write
     * @return {@code out}
     */
    public static Path transcode(Path in, Encoding encoding, Path out) {
        List<String> command = new ArrayList<>();
        command.add(encoding.tool);
        command.addAll(Arrays.asList(encoding.options));
        command.add(in.toString());
        command.add(out.toString());
        run(command.toArray(String[]::new));
        return out;
    }

    /**
     * Decompresses a JPEG DICOM with dcmtk's own decoder, as an independent reference for lossy files.
     *
     * @param in a JPEG-compressed DICOM
     * @param out the uncompressed DICOM to write
     * @return {@code out}
     */
    public static Path decompressJpeg(Path in, Path out) {
        run("dcmdjpeg", in.toString(), out.toString());
        return out;
    }

    private static Path viaBmp(Path png, Path out, boolean invert) {
        try {
            BufferedImage source = ImageIO.read(png.toFile());
            if (source == null) {
                throw new IOException("not an image: " + png);
            }
            BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            gray.getRaster().setRect(source.getRaster());
            if (invert) {
                byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) (255 - (px[i] & 0xFF));
                }
            }
            Path bmp = Files.createTempFile(out.toAbsolutePath().getParent(), "img2dcm", ".bmp");
            try {
                writeBmp(gray, bmp);
                run("img2dcm", "-i", "BMP", "-k", "PatientID=DCMTK-TEST", "-k", "Modality=DX", bmp.toString(),
                        out.toString());
            } finally {
                Files.deleteIfExists(bmp);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes with the JDK's own BMP writer, whatever other plugins are registered. */
    private static void writeBmp(BufferedImage image, Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("bmp");
        ImageWriter chosen = null;
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (chosen == null || w.getClass().getName().startsWith("com.sun.")) {
                chosen = w;
            }
        }
        if (chosen == null) {
            throw new IOException("no BMP writer");
        }
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            chosen.setOutput(out);
            chosen.write(image);
        } finally {
            chosen.dispose();
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
