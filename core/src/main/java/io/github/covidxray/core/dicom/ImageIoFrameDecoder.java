package io.github.covidxray.core.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one JPEG or JPEG 2000 codestream through an ImageIO plugin: TwelveMonkeys' JPEG reader
 * (baseline, extended 12-bit and lossless process 14) and jai-imageio's JPEG 2000 reader. A decoder
 * that warns (as on truncated data, where it fills the rest with grey) is treated as a failure.
 */
final class ImageIoFrameDecoder {

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageIoFrameDecoder() {}

    static RawFrame decode(byte[] codestream, PixelModule m, TransferSyntax ts, String source, int frame)
            throws DicomException {
        boolean jpeg2000 = ts.codec() == TransferSyntax.Codec.JPEG2000;
        String what = Tags.describe(Tags.PIXEL_DATA) + " frame " + frame + " (" + ts.displayName() + ")";
        JpegHeader jpeg = jpeg2000 ? null : checkJpeg(codestream, source, what);
        ImageReader reader = pickReader(jpeg2000);
        if (reader == null) {
            throw new DicomException(source, "unsupported transfer syntax " + ts.uid() + " (" + ts.displayName()
                    + "): no " + (jpeg2000 ? "JPEG 2000" : "JPEG") + " ImageIO decoder on the classpath");
        }
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(codestream))) {
            reader.setInput(iis, false, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != m.columns() || height != m.rows()) {
                throw new DicomException(source, what + ": the codestream is " + width + "x" + height
                        + ", but Columns x Rows is " + m.columns() + "x" + m.rows());
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
            Raster raster;
            boolean rgb;
            if (jpeg != null && reader.canReadRaster()) {
                // Raw components: no colour conversion guessed by the decoder, so Y is exact and the
                // RGB-or-YCbCr decision follows DICOM's rules (JpegHeader.componentsAreRgb).
                raster = reader.readRaster(0, null);
                rgb = jpeg.componentsAreRgb(m.photometric());
            } else {
                // JPEG 2000 decoders undo the codestream's colour transform themselves: output is RGB.
                BufferedImage image = reader.read(0);
                raster = image.getRaster();
                rgb = true;
            }
            if (!warnings.isEmpty()) {
                throw new DicomException(source, what + ": damaged data: " + warnings.get(0));
            }
            return toRawFrame(raster, m, rgb, source, what);
        } catch (DicomException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DicomException(source, what + ": cannot decode: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new DicomException(source, what + ": too large to decode in available memory", e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader pickReader(boolean jpeg2000) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(jpeg2000 ? "jpeg2000" : "jpeg");
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            // The JDK's JPEG reader cannot do 12-bit or lossless JPEG; TwelveMonkeys' can.
            boolean preferred = jpeg2000 || r.getClass().getName().startsWith("com.twelvemonkeys");
            if (chosen == null || preferred) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = r;
                if (preferred) {
                    break;
                }
            } else {
                r.dispose();
            }
        }
        return chosen;
    }

    /** Refuses JPEG processes the decoder cannot do, before trying. */
    private static JpegHeader checkJpeg(byte[] codestream, String source, String what) throws DicomException {
        if (codestream.length < 4 || (codestream[0] & 0xFF) != 0xFF || (codestream[1] & 0xFF) != 0xD8) {
            throw new DicomException(source, what + ": does not start with a JPEG SOI marker (FFD8)");
        }
        JpegHeader h = JpegHeader.scan(codestream);
        int sof = h.sofMarker();
        if (sof < 0) {
            throw new DicomException(source, what + ": no JPEG frame header (SOFn) before the first scan");
        }
        if (sof >= 0xC9 || sof == 0xC5 || sof == 0xC6 || sof == 0xC7) {
            throw new DicomException(source, what + ": " + (sof >= 0xC9 ? "arithmetic-coded" : "hierarchical")
                    + String.format(java.util.Locale.ROOT, " JPEG (SOF marker FF%02X) is not supported", sof));
        }
        if (!h.lossless() && h.precision() > 8) {
            throw new DicomException(source, what + ": " + h.precision() + "-bit lossy JPEG is not supported (the"
                    + " ImageIO JPEG decoder reads 8-bit lossy and 2-16-bit lossless JPEG)");
        }
        return h;
    }

    private static RawFrame toRawFrame(Raster raster, PixelModule m, boolean rgb, String source, String what)
            throws DicomException {
        int bands = raster.getNumBands();
        int sampleBits = raster.getSampleModel().getSampleSize(0);
        if (sampleBits > m.bitsAllocated()) {
            throw new DicomException(source, what + ": the codestream has " + sampleBits + "-bit samples, but"
                    + " BitsAllocated is " + m.bitsAllocated());
        }
        if (bands != m.samplesPerPixel()) {
            throw new DicomException(source, what + ": the codestream has " + bands + " component(s), but"
                    + " SamplesPerPixel is " + m.samplesPerPixel());
        }
        int w = m.columns();
        int h = m.rows();
        int n = w * h;
        int[] samples = new int[n];
        if (m.bitsAllocated() == 8) {
            byte[] out = new byte[n * bands];
            for (int b = 0; b < bands; b++) {
                raster.getSamples(0, 0, w, h, b, samples);
                for (int i = 0; i < n; i++) {
                    out[b * n + i] = (byte) samples[i];
                }
            }
            return RawFrame.of8(out, bands, true, rgb);
        }
        short[] out = new short[n * bands];
        for (int b = 0; b < bands; b++) {
            raster.getSamples(0, 0, w, h, b, samples);
            for (int i = 0; i < n; i++) {
                out[b * n + i] = (short) samples[i];
            }
        }
        return RawFrame.of16(out, bands, true, rgb);
    }
}
