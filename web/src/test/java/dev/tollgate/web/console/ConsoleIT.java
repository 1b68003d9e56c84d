package dev.tollgate.web.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.SharedPostgres;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** An operator, in headless Chromium, opens the console with the token and adds a provider, a model and an endpoint. */
class ConsoleIT extends PortalInBrowser {

    @Test
    void anOperatorAddsAProviderAModelAndAnEndpoint() {
        String slug = "console-" + UUID.randomUUID().toString().substring(0, 8);
        String model = "console/model-" + slug.substring(8);

        browser.get(base + "console/endpoints");
        type("operator-token", "not-the-token");
        click("open-console");
        wait.until(ExpectedConditions.attributeToBe(By.id("operator-token"), "invalid", "true"));

        clear("operator-token");
        type("operator-token", SharedPostgres.OPERATOR_TOKEN);
        click("open-console");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("providers")));

        click("add-provider");
        type("provider-slug", slug);
        type("provider-name", "Console Provider");
        choose("provider-protocol", "openai");
        type("provider-base-url", "https://api.console.test/v1");
        type("provider-api-key", "sk-console-secret");
        click("save-provider");
        awaitCell("providers", slug);
        assertTrue(cells("providers").contains("set (encrypted)"));
        assertFalse(browser.getPageSource().contains("sk-console-secret"), "the key never reaches the page");

        browser.get(base + "console/models");
        click("add-model");
        type("model-id", model);
        type("model-name", "Console Model");
        type("model-context-length", "16384");
        click("save-model");
        awaitCell("models", model);

        browser.get(base + "console/endpoints");
        click("add-endpoint");
        choose("endpoint-model", model);
        choose("endpoint-provider", slug);
        type("endpoint-upstream-model", "console-upstream");
        type("endpoint-prompt-cost", "1.5");
        type("endpoint-completion-cost", "2");
        type("endpoint-margin", "0.2");
        input("endpoint-upstream-model").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("endpoint-list-price"), "1.8 in, 2.4 out"));
        click("save-endpoint");
        awaitCell("endpoints", "console-upstream");
        List<String> cells = cells("endpoints");
        assertTrue(cells.contains("1.8") && cells.contains("2.4"), "list prices per 1M tokens in the grid: " + cells);
    }

    private void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private void type(String id, String text) {
        input(id).sendKeys(text);
    }

    private void clear(String id) {
        input(id).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    private void choose(String id, String item) {
        WebElement input = input(id);
        input.sendKeys(item);
        // This box's own item, shown: the items of a box chosen from before may still be in the page, and Enter
        // pressed before this box's filter answered chose nothing (the form then refused to save).
        wait.until(driver -> (Boolean) ((JavascriptExecutor) driver)
                .executeScript(
                        "return [...document.querySelectorAll('vaadin-combo-box-item')]"
                                + ".some(i => i.offsetParent !== null && i.textContent.trim() === arguments[0])",
                        item));
        input.sendKeys(Keys.ENTER);
    }

    private WebElement input(String id) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + id + " input")));
    }

    private void awaitCell(String grid, String text) {
        wait.until(driver -> cells(grid).contains(text));
    }

    private List<String> cells(String grid) {
        return browser.findElements(By.cssSelector("#" + grid + " vaadin-grid-cell-content")).stream()
                .map(WebElement::getText)
                .map(String::strip)
                .toList();
    }
}
