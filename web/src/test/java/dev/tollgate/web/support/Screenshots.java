package dev.tollgate.web.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Saves what the browser shows as artifacts under {@code web/target/screenshots/}, at laptop width and at phone width,
 * so a reviewer sees the pages without running anything. Never an assertion: a picture is for people.
 */
public final class Screenshots {

    private static final Path FOLDER = Path.of("target", "screenshots");

    private Screenshots() {}

    /** Saves {@code <name>.png} at the current size and {@code <name>-phone.png} at 390 pixels wide. */
    public static void save(ChromeDriver browser, String name) {
        Dimension laptop = browser.manage().window().getSize();
        try {
            Files.createDirectories(FOLDER);
            write(browser, name);
            browser.manage().window().setSize(new Dimension(390, 844));
            write(browser, name + "-phone");
        } catch (IOException e) {
            throw new IllegalStateException("cannot save screenshot " + name, e);
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }

    private static void write(ChromeDriver browser, String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, FOLDER.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
