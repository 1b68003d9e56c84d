package dev.tollgate.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.PortalInBrowser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The portal shell as a person sees it, in headless Chromium. */
class PortalShellIT extends PortalInBrowser {

    @Test
    void rendersTheShellWithNavigationAndSignIn() {
        browser.get(base.toString());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home")));
        assertEquals("Tollgate", browser.getTitle());
        List<String> pages = browser.findElements(By.cssSelector("vaadin-side-nav-item")).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .map(String::strip)
                .toList();
        assertEquals(
                List.of("Home", "Models", "Rankings", "Activity", "Keys", "Credits", "Members", "Settings"),
                pages,
                "a visitor is not shown the operator console");
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

        // An organisation's page asks a visitor to sign in first.
        browser.findElement(By.cssSelector("vaadin-side-nav-item[path='credits']"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-form")));
        assertTrue(browser.getCurrentUrl().contains("continue="), browser.getCurrentUrl());

        browser.findElement(By.id("sign-in")).click();
        // The address first: the page asking to sign in may hold a login form too, before the click has taken effect.
        wait.until(ExpectedConditions.urlMatches("/login$"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
        assertEquals("Sign in · Tollgate", browser.getTitle());
    }
}
