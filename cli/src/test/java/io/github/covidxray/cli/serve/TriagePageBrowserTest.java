package io.github.covidxray.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.covidxray.cli.testing.FakeClassifier;
import io.github.covidxray.core.CovidClassifier;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The triage page in a real headless Chromium (the Debian {@code chromium} and {@code chromium-driver}
 * packages), driven by Selenium as a person would use it: choose files, press the button, read the result.
 * Skips when the browser or its driver is not installed. Nothing is downloaded: the driver path is given, so
 * Selenium Manager never runs.
 */
class TriagePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SAMPLE = Path.of("..", "samples", "covid-pa-1.jpg");

    @TempDir
    Path dir;

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium not installed (Debian: apt-get install chromium chromium-driver): skipping the "
                        + "web page test");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1100,1400",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Chooses the files, presses Classify and waits for one result card per file. */
    private List<WebElement> upload(TriageServer server, Path... files) throws InterruptedException {
        browser.get(server.uri().toString());
        WebElement input = browser.findElement(By.id("files"));
        input.sendKeys(String.join("\n", java.util.Arrays.stream(files)
                .map(f -> f.toAbsolutePath().normalize().toString()).toList()));
        browser.findElement(By.id("submit")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<WebElement> cards = browser.findElements(By.cssSelector("#results .result"));
        while (cards.size() < files.length) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no results within 60 s; status: "
                        + browser.findElement(By.id("status")).getText());
            }
            Thread.sleep(50);
            cards = browser.findElements(By.cssSelector("#results .result"));
        }
        return cards;
    }

    private Path photo() throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            g.setColor(Color.getHSBColor(random.nextFloat(), 0.9f, 0.9f));
            g.fillOval(random.nextInt(320) - 40, random.nextInt(240) - 40, 40 + random.nextInt(120),
                    40 + random.nextInt(120));
        }
        g.dispose();
        Path file = dir.resolve("holiday-photo.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private boolean overlayLoaded(WebElement card) {
        List<WebElement> overlay = card.findElements(By.cssSelector("img.overlay"));
        return !overlay.isEmpty() && ((Number) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].naturalWidth", overlay.get(0))).intValue() > 0;
    }

    @Test
    void showsALabelAndAnOverlayForAnXrayAndTheOodWarningForAPhoto() throws Exception {
        assumeTrue(Files.isRegularFile(SAMPLE), "samples/covid-pa-1.jpg missing");
        Path xray = Files.copy(SAMPLE, dir.resolve("covid-pa-1.jpg"), StandardCopyOption.REPLACE_EXISTING);
        FakeClassifier fake = FakeClassifier.instant().flaggingOod("photo");
        try (TriageServer server = TriageServer.start(fake, ServerOptions.builder().optPort(0).build())) {
            List<WebElement> cards = upload(server, xray, photo());
            WebElement x = cards.get(0);
            assertTrue(x.getText().contains("covid-pa-1.jpg"), x.getText());
            String label = x.findElement(By.className("label")).getText();
            assertTrue(FakeClassifier.LABELS.stream().anyMatch(label::startsWith), label);
            assertTrue(x.getText().contains("operating point"), "the operating-point flag is shown: " + x.getText());
            for (String cls : FakeClassifier.LABELS) {
                assertTrue(x.getText().contains(cls), "every class's probability: " + x.getText());
            }
            assertTrue(overlayLoaded(x), "the overlay image is shown");
            assertTrue(x.findElements(By.className("ood-warning")).isEmpty(), "no OOD warning for the X-ray");

            WebElement p = cards.get(1);
            WebElement warning = p.findElement(By.className("ood-warning"));
            assertTrue(warning.isDisplayed());
            assertEquals("alert", warning.getAttribute("role"));
            assertTrue(warning.getText().contains("Out of distribution"), warning.getText());
            assertTrue(p.findElements(By.className("label")).isEmpty(), "no confident label for the photo");

            for (String selector : List.of(".notice", "h1", "a[href='/model-card']", "#submit", ".label", ".flag",
                    ".ood-warning", "th", "figcaption")) {
                double ratio = contrast(browser.findElement(By.cssSelector(selector)));
                assertTrue(ratio >= 4.5, selector + " has contrast " + ratio + ", below WCAG AA 4.5:1");
            }

            String screenshot = System.getProperty("covidxray.screenshot");
            if (screenshot != null) {
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of(screenshot),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** WCAG contrast ratio of an element's text colour against the first opaque background behind it. */
    private double contrast(WebElement element) {
        @SuppressWarnings("unchecked")
        List<Number> rgb = (List<Number>) ((JavascriptExecutor) browser).executeScript("""
                const parse = c => c.match(/[\\d.]+/g).map(Number);
                let fg = parse(getComputedStyle(arguments[0]).color);
                let node = arguments[0], bg = [255, 255, 255, 1];
                while (node && node.nodeType === 1) {
                  const c = parse(getComputedStyle(node).backgroundColor);
                  if (c.length < 4 || c[3] > 0) { bg = c; break; }
                  node = node.parentNode;
                }
                return [fg[0], fg[1], fg[2], bg[0], bg[1], bg[2]];""", element);
        double a = luminance(rgb.get(0), rgb.get(1), rgb.get(2));
        double b = luminance(rgb.get(3), rgb.get(4), rgb.get(5));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double luminance(Number r, Number g, Number b) {
        double[] c = {r.doubleValue() / 255, g.doubleValue() / 255, b.doubleValue() / 255};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    @Test
    void theChooserIsLabelledAndReachableByKeyboard() throws Exception {
        try (TriageServer server = TriageServer.start(FakeClassifier.instant(), ServerOptions.builder().optPort(0).build())) {
            browser.get(server.uri().toString());
            WebElement input = browser.findElement(By.id("files"));
            WebElement label = browser.findElement(By.cssSelector("label[for=files]"));
            assertFalse(label.getText().isBlank());
            ((JavascriptExecutor) browser).executeScript("document.body.focus()");
            browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            // Tab order: the skip-free page starts with the model card link, then the file chooser.
            for (int i = 0; i < 4 && !browser.switchTo().activeElement().equals(input); i++) {
                browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            }
            assertEquals(input, browser.switchTo().activeElement(), "the file chooser is reachable with Tab");
            assertTrue(browser.findElement(By.cssSelector("a[href='/model-card']")).isDisplayed());
            assertTrue(browser.getPageSource().contains("Research use only"));
        }
    }

    @Test
    void classifiesTheSampleWithTheBundledModel() throws Exception {
        assumeTrue(CovidClassifier.hasDefaultModel(), "no bundled default model on the classpath");
        assumeTrue(Files.isRegularFile(SAMPLE), "samples/covid-pa-1.jpg missing");
        try (CovidClassifier classifier = CovidClassifier.loadDefault();
             TriageServer server = TriageServer.start(classifier, ServerOptions.builder().optPort(0).build())) {
            assumeTrue(classifier.card().ood() != null, "the bundled model has no OOD statistics");
            List<WebElement> cards = upload(server, SAMPLE, photo());
            WebElement card = cards.get(0);
            assertTrue(card.findElements(By.className("error")).isEmpty(), card.getText());
            boolean ood = !card.findElements(By.className("ood-warning")).isEmpty();
            boolean labelled = !card.findElements(By.className("label")).isEmpty();
            assertTrue(ood != labelled, "either a label or the OOD warning, never both: " + card.getText());
            for (String cls : classifier.card().labels()) {
                assertTrue(card.getText().contains(cls), "every class's probability: " + card.getText());
            }
            assertTrue(overlayLoaded(card), "the bundled model's overlay is shown for the sample X-ray");
            // The model's own OOD gate, not a stand-in, flags the generated photo: a warning and no label.
            WebElement photo = cards.get(1);
            assertTrue(photo.findElement(By.className("ood-warning")).isDisplayed(), photo.getText());
            assertTrue(photo.findElements(By.className("label")).isEmpty(), "no label for the photo: " + photo.getText());
        }
    }
}
