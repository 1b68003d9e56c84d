package dev.tollgate.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Chromium;
import dev.tollgate.web.support.SharedPostgres;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The portal shell as a person sees it, in headless Chromium. */
@ExtendWith(SharedPostgres.class)
@ExtendWith(ArquillianExtension.class)
class PortalShellIT {

    @Deployment(testable = false)
    static WebArchive tollgate() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tollgate.war")));
    }

    @ArquillianResource
    URL base;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void rendersTheShellWithNavigationAndSignIn() {
        browser.get(base.toString());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home")));
        assertEquals("Tollgate", browser.getTitle());
        List<String> pages = browser.findElements(By.cssSelector("vaadin-side-nav-item")).stream()
                .map(WebElement::getText)
                .map(String::strip)
                .toList();
        assertEquals(
                List.of(
                        "Home",
                        "Models",
                        "Rankings",
                        "Activity",
                        "Keys",
                        "Credits",
                        "Settings",
                        "Providers",
                        "Catalog models",
                        "Endpoints"),
                pages);
        assertTrue(browser.findElement(By.id("sign-in")).isDisplayed());
        assertTrue(browser.findElement(By.id("api-sample")).getText().contains("/api/v1/chat/completions"));
    }

    @Test
    void navigatesToAPageAndToSignIn() {
        browser.get(base.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home")));

        browser.findElement(By.cssSelector("vaadin-side-nav-item[path='models']"))
                .click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), "Models"));
        assertTrue(browser.getCurrentUrl().endsWith("/models"), browser.getCurrentUrl());

        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
        assertTrue(browser.getCurrentUrl().endsWith("/login"), browser.getCurrentUrl());
        assertEquals("Sign in · Tollgate", browser.getTitle());
    }
}
