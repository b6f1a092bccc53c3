package io.github.covidxray.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.covidxray.training.nn.UNetBlock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNetExportTest {

    @TempDir
    Path tmp;

    @Test
    void uNetOnOnnxRuntimeMatchesPyTorch() throws Exception {
        UNetBlock unet = UNetBlock.create(1, 4, 4);
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 48));
            ExportTesting.randomizeStatistics(unet, 5);
            Path file = tmp.resolve("unet.onnx");
            OnnxExporter.Report report = OnnxExporter.builder().optImageSize(32, 48).build().export(unet, file);
            // 9 double convolutions (2 BatchNorms each) and 4 upsampling convolutions: all fold.
            assertEquals(9 * 2 + 4, report.foldedBatchNorms());
            assertEquals(0, report.batchNormNodes());
            Shape shape = new Shape(2, 1, 32, 48);
            float[] input = ExportTesting.randomInput(shape, 11);
            ExportTesting.Logits torch = ExportTesting.pytorch(unet, manager, input, shape);
            ExportTesting.Logits onnx = ExportTesting.onnxRuntime(file, input, shape);
            assertEquals(new Shape(2, 32 * 48), onnx.shape());
            double diff = onnx.maxAbsDiff(torch);
            assertTrue(diff < 1e-4, "ONNX Runtime and PyTorch differ by " + diff);
        }
    }

    @Test
    void segmentationExportNeedsAFixedImageSize() {
        UNetBlock unet = UNetBlock.create(1, 4, 4);
        try (NDManager manager = NDManager.newBaseManager(ExportTesting.PYTORCH)) {
            unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            assertThrows(IllegalStateException.class,
                    () -> OnnxExporter.builder().build().export(unet, tmp.resolve("x.onnx")));
        }
    }
}
