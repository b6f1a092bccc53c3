package io.github.covidxray.core;

import io.github.covidxray.core.dicom.DicomReader;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.LoggerFactory;

/** Turns encoded bytes into {@link XrayImage}s, keeping bit depth: DICOM by content, the rest through ImageIO. */
final class ImageDecoder {

    static {
        // Registers TwelveMonkeys' and the JDK's plugins found on the classpath (JPEG, TIFF, ...).
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private static final String JAI_CORE_PLUGINS = "com.github.jaiimageio.impl.plugins.";

    private ImageDecoder() {}

    /** Does nothing but make sure this class, and so ImageIO's plugin scan, has been initialised. */
    static void ensurePluginsRegistered() {
        // the static initialiser does the work
    }

    private static final AtomicBoolean WARMING = new AtomicBoolean();

    /**
     * Once per JVM, decodes two tiny built-in images (a JPEG and a PNG, 16x16 synthetic gradients) on a daemon
     * thread: ImageIO's plugin scan, the JPEG codec's native library and the decoders' classes then load while
     * the caller does something else (loading a model takes a few hundred milliseconds on another core), and
     * the first real image does not pay for them. Failures only cost the head start.
     */
    static void warmUpInBackground() {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            for (String name : new String[] {"warm-up.jpg", "warm-up.png"}) {
                try (InputStream in = ImageDecoder.class.getResourceAsStream(name)) {
                    if (in != null) {
                        read(in.readAllBytes(), name, ReadOptions.defaults());
                    }
                } catch (IOException | RuntimeException e) {
                    LoggerFactory.getLogger(ImageDecoder.class).debug("decoder warm-up: {}", e.toString());
                }
            }
        }, "covid-xray-decoder-warm-up");
        t.setDaemon(true);
        t.start();
    }

    static XrayImage read(Path file, ReadOptions options) throws InvalidImageException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidImageException(source, "is a directory, expected an image file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(source, "file not found", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new InvalidImageException(source, "cannot read file: " + e.getMessage(), e);
        }
        return read(bytes, source, options);
    }

    static XrayImage read(InputStream in, String source, ReadOptions options) throws IOException {
        return read(in.readAllBytes(), source, options);
    }

    static XrayImage read(byte[] bytes, String source, ReadOptions options) throws InvalidImageException {
        String name = source == null ? "<memory>" : source;
        if (bytes.length == 0) {
            throw new InvalidImageException(name, "empty file (0 bytes), expected an image");
        }
        if (DicomReader.isDicom(bytes)) {
            return DicomReader.read(bytes, name, options).image();
        }
        if (PngDecoder.isPng(bytes)) {
            XrayImage png = PngDecoder.decode(bytes, name, options);
            if (png != null) {
                return png;
            }
        }
        return decodeWithImageIo(bytes, name, options);
    }

    static XrayImage decodeWithImageIo(byte[] bytes, String source, ReadOptions options)
            throws InvalidImageException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new InvalidImageException(source,
                        "not a supported image format (expected PNG, JPEG, BMP, TIFF or DICOM; file starts with "
                                + describeMagic(bytes) + ")");
            }
            ImageReader reader = preferStandard(readers);
            try {
                reader.setInput(iis, true, true);
                String format = reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDimensions(source, format, width, height, options);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(collectWarnings(warnings));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    // Decoders "succeed" on truncated JPEGs with a grey tail: refuse rather than return a wrong image.
                    throw new InvalidImageException(source, "damaged " + format + " data: " + warnings.get(0));
                }
                return toXray(image, source);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(source, "truncated or corrupt image data (" + e + ")", e);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException(source, "image too large to decode in available memory", e);
        }
    }

    /**
     * The first reader that is not one of jai-imageio-core's (which the JPEG 2000 plugin brings in and
     * which ImageIO may list before the JDK's own BMP and TIFF readers).
     */
    static ImageReader preferStandard(Iterator<ImageReader> readers) {
        ImageReader chosen = readers.next();
        while (chosen.getClass().getName().startsWith(JAI_CORE_PLUGINS) && readers.hasNext()) {
            ImageReader next = readers.next();
            chosen.dispose();
            chosen = next;
        }
        return chosen;
    }

    static void checkDimensions(String source, String format, long width, long height, ReadOptions options)
            throws InvalidImageException {
        String problem = options.sizeProblem(format, width, height);
        if (problem != null) {
            throw new InvalidImageException(source, problem);
        }
    }

    private static IIOReadWarningListener collectWarnings(List<String> sink) {
        return (reader, warning) -> sink.add(warning);
    }

    static String describeMagic(byte[] bytes) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02X", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    /** Converts any decoded raster to gray at its own depth; colour goes through BT.601 luma. */
    static XrayImage toXray(BufferedImage image, String source) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);

        if (cm instanceof IndexColorModel icm) {
            return fromIndexed(raster, icm, w, h, source);
        }
        if (bands == 1 || (bands == 2 && cm.hasAlpha())) {
            if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte db && isPlain(raster, w)) {
                byte[] data = db.getData();
                byte[] px = data.length == w * h ? data.clone() : java.util.Arrays.copyOf(data, w * h);
                return XrayImage.wrap8(w, h, px, source);
            }
            if (bits == 16 && raster.getDataBuffer() instanceof DataBufferUShort db && isPlain(raster, w)) {
                short[] data = db.getData();
                return XrayImage.wrap16(w, h, 16, java.util.Arrays.copyOf(data, w * h), source);
            }
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            return fromSamples(samples, w, h, bits, source);
        }
        // Colour: luminance from the first three bands (R, G, B in colour-model order); alpha ignored.
        int[] r = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] g = raster.getSamples(0, 0, w, h, 1, (int[]) null);
        int[] b = raster.getSamples(0, 0, w, h, 2, (int[]) null);
        int n = w * h;
        for (int i = 0; i < n; i++) {
            r[i] = XrayImage.luma(r[i], g[i], b[i]);
        }
        return fromSamples(r, w, h, bits, source);
    }

    private static boolean isPlain(Raster raster, int width) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)) {
            return false;
        }
        return sm.getPixelStride() == 1 && sm.getScanlineStride() == width
                && sm.getBandOffsets()[0] == 0 && raster.getDataBuffer().getOffset() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer().getNumBanks() == 1
                && raster.getDataBuffer().getDataType() != DataBuffer.TYPE_UNDEFINED;
    }

    private static XrayImage fromIndexed(Raster raster, IndexColorModel icm, int w, int h, String source) {
        int size = icm.getMapSize();
        byte[] lut = new byte[size];
        for (int i = 0; i < size; i++) {
            lut[i] = (byte) XrayImage.luma(icm.getRed(i), icm.getGreen(i), icm.getBlue(i));
        }
        int[] idx = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = lut[idx[i]];
        }
        return XrayImage.wrap8(w, h, px, source);
    }

    /** Samples of at most 8 bits are scaled to 8-bit; deeper ones keep their depth in 16-bit storage. */
    private static XrayImage fromSamples(int[] samples, int w, int h, int bits, String source) {
        int n = w * h;
        if (bits <= 8) {
            byte[] px = new byte[n];
            if (bits == 8) {
                for (int i = 0; i < n; i++) {
                    px[i] = (byte) samples[i];
                }
            } else {
                int max = (1 << bits) - 1;
                for (int i = 0; i < n; i++) {
                    px[i] = (byte) ((samples[i] * 255 + max / 2) / max);
                }
            }
            return XrayImage.wrap8(w, h, px, source);
        }
        int depth = Math.min(bits, 16);
        short[] px = new short[n];
        int max = (1 << depth) - 1;
        for (int i = 0; i < n; i++) {
            px[i] = (short) Math.min(samples[i], max);
        }
        return XrayImage.wrap16(w, h, depth, px, source);
    }
}
