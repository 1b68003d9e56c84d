package dev.tollgate.web.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The deployed portal in a fresh headless Chromium per test, with the steps most journeys take. */
public abstract class PortalInBrowser extends DeployedTollgate {

    /** The password of the accounts journeys sign up. */
    protected static final String PASSWORD = "a long enough passphrase";

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

    /** An email nobody used before, e.g. {@code ada-1a2b3c4d@example.com}. */
    protected static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Signs a new account up with built-in accounts, and waits until the portal shows it signed in. */
    protected void signUpInBrowser(String email, String name) {
        browser.get(base + "sign-up");
        typeInto("sign-up-email", email);
        if (!name.isEmpty()) {
            typeInto("sign-up-name", name);
        }
        typeInto("sign-up-password", PASSWORD);
        typeInto("sign-up-repeat", PASSWORD);
        clickOn("sign-up-submit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
    }

    /** Types into the input of the Vaadin field with this id. */
    protected void typeInto(String id, String value) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + id + " input")))
                .sendKeys(value);
    }

    protected void clickOn(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** The grid's cell texts read in one script, so a re-render between reads cannot leave a stale element. */
    @SuppressWarnings("unchecked")
    protected List<String> gridTexts(String grid) {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#' + arguments[0]"
                        + " + ' vaadin-grid-cell-content')).map(cell => cell.textContent.trim());",
                grid);
    }
}
