package dev.tollgate.web.support;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The deployed portal in a fresh headless Chromium per test, and the {@link PortalSteps} a person takes in it. */
public abstract class PortalInBrowser extends DeployedTollgate {

    /** The password of the accounts journeys sign up. */
    protected static final String PASSWORD = PortalSteps.PASSWORD;

    protected ChromeDriver browser;
    protected WebDriverWait wait;
    /** The steps a person takes in {@link #browser}. */
    protected PortalSteps portal;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        portal = new PortalSteps(base.toString(), browser, wait);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }
}
