package io.github.covidxray.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.covidxray.core.ClassifierOptions;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.data.DatasetReader;
import io.github.covidxray.core.data.XrayDataset;
import io.github.covidxray.core.eval.DatasetScorer;
import io.github.covidxray.core.eval.EvaluationOptions;
import io.github.covidxray.core.eval.EvaluationReport;
import io.github.covidxray.core.eval.ThresholdChoice;
import io.github.covidxray.core.model.ModelFormat;
import io.github.covidxray.core.model.OperatingPoint;
import io.github.covidxray.core.testing.SharedData;
import io.github.covidxray.core.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped default model: it loads from the classpath with no set-up, and on the shared validation
 * images (never used for training; used only to pick the epoch and the threshold) it stays above the floors
 * the issue sets against regressions.
 */
class DefaultModelTest {

    /** The same weights in DJL format, kept in the test resources to compare engines. */
    private static final Path DJL_TWIN = Path.of("src/test/resources/default-djl");

    @Test
    void loadsFromTheClasspathAndClassifiesAGeneratedImage() throws Exception {
        assertTrue(CovidClassifier.hasDefaultModel());
        try (CovidClassifier classifier = CovidClassifier.loadDefault()) {
            assertEquals(ModelFormat.ONNX, classifier.card().format());
            assertEquals(List.of("covid", "normal", "pneumonia"), classifier.card().labels());
            assertNotNull(classifier.card().operatingPoint(), "the card stores an operating point");
            assertTrue(classifier.card().intendedUse().contains("Not a medical device"));
            byte[] png = TestImages.encode(TestImages.chestLike(300, 280, 5), "png");
            Prediction p = classifier.classify(XrayImage.read(png, "generated.png"));
            double sum = p.probabilities().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-5);
            assertEquals(p.label(), p.labels().get(argmax(p.probabilities())));
        }
    }

    @Test
    void meetsTheFloorsOnTheSharedValidationSplit() throws Exception {
        Path cxr = SharedData.requireCxr();
        XrayDataset val = DatasetReader.manifest(cxr.resolve("manifest.csv"), cxr, "val");
        DatasetScorer.Scores scores;
        OperatingPoint stored;
        try (CovidClassifier classifier = CovidClassifier.loadDefault()) {
            stored = classifier.card().operatingPoint();
            scores = DatasetScorer.score(classifier, val.records(), (d, t, m) -> { });
        }
        assertTrue(scores.failures().isEmpty());
        EvaluationReport report = scores.evaluate(EvaluationOptions.builder().optBootstrapResamples(0).build());
        assertTrue(report.macroAuc().value() >= 0.90, "macro ROC-AUC " + report.macroAuc().value());
        ThresholdChoice at = ThresholdChoice.atThreshold(scores.labels(), scores.trueIndex(), scores.probabilities(),
                scores.labels().indexOf("covid"), stored.threshold());
        assertTrue(at.sensitivity() >= 0.90, "COVID sensitivity at the stored threshold " + at.sensitivity());
    }

    @Test
    void onnxAndPyTorchVersionsGiveTheSameLogits() throws Exception {
        // Logits, not probabilities: the ONNX bundle carries a fitted temperature, the DJL twin does not.
        Path cxr = SharedData.requireCxr();
        List<XrayImage> images = new ArrayList<>();
        for (String split : List.of("val/covid", "val/normal", "val/pneumonia")) {
            try (var files = java.nio.file.Files.list(cxr.resolve(split))) {
                for (Path f : files.sorted().limit(4).toList()) {
                    images.add(XrayImage.read(f));
                }
            }
        }
        try (CovidClassifier onnx = CovidClassifier.loadDefault();
                CovidClassifier torch = CovidClassifier.load(ClassifierOptions.builder().setBundle(DJL_TWIN).build())) {
            assertEquals("OnnxRuntime", onnx.engine());
            assertEquals("PyTorch", torch.engine());
            float[] batch = new io.github.covidxray.core.XrayPreprocessor(onnx.card().preprocessing()).toBatch(images, null);
            float[][] a = ((io.github.covidxray.core.ClassifierDiagnostics) onnx).forwardRaw(batch, images.size());
            float[][] b = ((io.github.covidxray.core.ClassifierDiagnostics) torch).forwardRaw(batch, images.size());
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(b[i][c], a[i][c], 1e-3, images.get(i).source() + " logit " + c);
                }
            }
        }
    }

    @Test
    void pngDicomAndInvertedMonochrome1DicomGetTheSameAnswer(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path cxr = SharedData.requireCxr();
        io.github.covidxray.core.testing.Dcmtk.require();
        try (CovidClassifier classifier = CovidClassifier.loadDefault();
                var files = java.nio.file.Files.list(cxr.resolve("val/covid"))) {
            for (Path png : files.sorted().limit(3).toList()) {
                String name = png.getFileName().toString();
                Path dcm = io.github.covidxray.core.testing.Dcmtk.fromPng(png, tmp.resolve(name + ".dcm"));
                Path mono1 = io.github.covidxray.core.testing.Dcmtk.fromPngMonochrome1(png, tmp.resolve(name + ".m1.dcm"));
                Prediction fromPng = classifier.classify(XrayImage.read(png));
                for (Path dicom : List.of(dcm, mono1)) {
                    Prediction fromDicom = classifier.classify(XrayImage.read(dicom));
                    assertEquals(fromPng.label(), fromDicom.label(), dicom.toString());
                    for (int c = 0; c < 3; c++) {
                        assertEquals(fromPng.probabilities().get(c), fromDicom.probabilities().get(c), 1e-6, dicom + " class " + c);
                    }
                }
            }
        }
    }

    private static int argmax(List<Double> v) {
        int best = 0;
        for (int i = 1; i < v.size(); i++) {
            if (v.get(i) > v.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
