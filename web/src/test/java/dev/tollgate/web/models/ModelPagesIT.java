package dev.tollgate.web.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.Screenshots;
import dev.tollgate.web.support.SharedPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public model pages in headless Chromium, for a visitor who is not signed in: a model the operator API created
 * is found in the catalog, its page shows the list price; the operator changes the endpoint's margin and the page,
 * reloaded, shows the new price. An unknown model's page says so and leads back.
 */
class ModelPagesIT extends PortalInBrowser {

    private static final BigDecimal PROMPT_COST = new BigDecimal("0.0000012");
    private static final BigDecimal COMPLETION_COST = new BigDecimal("0.0000034");

    /** What the page must show: cost × (1 + margin), per million tokens, exactly. */
    private static String perMillion(BigDecimal cost, String margin) {
        BigDecimal list = cost.multiply(BigDecimal.ONE.add(new BigDecimal(margin)));
        return "$" + list.movePointRight(6).stripTrailingZeros().toPlainString();
    }

    @Test
    void aVisitorFindsAModelAndSeesTheOperatorsNewMarginInItsPrice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String provider = "pages-" + suffix;
        String modelId = "acme/pages-" + suffix;
        OperatorClient operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        assertEquals(
                201,
                operator.post("/api/admin/v1/providers", """
                        {"slug": "%s", "name": "Pages %s", "protocol": "openai",
                         "base_url": "https://api.example.test/v1", "api_key": "sk-upstream-%s"}""".formatted(provider, suffix, suffix))
                        .status());
        assertEquals(
                201,
                operator.post("/api/admin/v1/models", """
                        {"id": "%s", "name": "Pages Model %s", "description": "A model for the catalog's journey %s.",
                         "context_length": 65536, "input_modalities": ["text", "image"]}""".formatted(modelId, suffix, suffix))
                        .status());
        Answer endpoint = operator.post(
                "/api/admin/v1/endpoints", """
                {"model": "%s", "provider": "%s", "upstream_model": "upstream-%s",
                 "cost": {"prompt": "%s", "completion": "%s"}, "margin": "0.2", "max_completion_tokens": 2048,
                 "quantization": "fp8"}""".formatted(modelId, provider, suffix, PROMPT_COST, COMPLETION_COST));
        assertEquals(201, endpoint.status(), endpoint.raw());

        browser.get(base + "models");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("model-cards")));
        browser.findElement(By.cssSelector("#model-search input")).sendKeys("journey " + suffix);
        By card = By.cssSelector(".model-card[data-model='" + modelId + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(card));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".model-card"), 1));
        assertTrue(
                browser.findElement(card)
                        .getText()
                        .contains(perMillion(PROMPT_COST, "0.2") + " in · " + perMillion(COMPLETION_COST, "0.2")),
                browser.findElement(card).getText());
        Screenshots.save(browser, "models");
        assertFitsAPhone("models");

        browser.findElement(card).findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBe(By.id("model-name"), "Pages Model " + suffix));
        assertEquals(modelId, browser.findElement(By.id("model-id")).getText());
        By prompt = By.id("price-prompt-" + provider);
        By completion = By.id("price-completion-" + provider);
        wait.until(ExpectedConditions.textToBe(prompt, perMillion(PROMPT_COST, "0.2")));
        assertEquals(
                perMillion(COMPLETION_COST, "0.2"),
                browser.findElement(completion).getText());
        assertTrue(
                browser.findElement(By.cssSelector("#code-samples")).getText().contains(modelId),
                "the code sample names the model");
        Screenshots.save(browser, "model");
        assertFitsAPhone("model-page");

        Answer repriced =
                operator.patch("/api/admin/v1/endpoints/" + endpoint.body().getString("id"), "{\"margin\": \"0.35\"}");
        assertEquals(200, repriced.status(), repriced.raw());
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(prompt, perMillion(PROMPT_COST, "0.35")));
        assertEquals(
                perMillion(COMPLETION_COST, "0.35"),
                browser.findElement(completion).getText());
        assertEquals("$1.62", perMillion(PROMPT_COST, "0.35"), "the expectation itself: 1.2 × 1.35");
    }

    /** At 390 pixels nothing pushes the page sideways: wide parts (the endpoints, code samples) scroll within. */
    private void assertFitsAPhone(String page) {
        Dimension laptop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .withMessage(page + " is wider than a phone: something in it does not wrap or scroll")
                    .until(driver -> (Boolean) browser.executeScript(
                            "const page = document.getElementById(arguments[0]);"
                                    + " return page.clientWidth < 400 && page.scrollWidth <= page.clientWidth;",
                            page));
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }

    @Test
    void anUnknownModelsPageSaysSoAndLeadsBackToTheCatalog() {
        browser.get(
                base + "models/nobody/nothing-" + UUID.randomUUID().toString().substring(0, 8) + ":free");
        wait.until(ExpectedConditions.textToBe(By.id("model-not-found"), "Model not found"));
        browser.findElement(By.id("back-to-catalog")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("model-cards")));
        assertTrue(browser.getCurrentUrl().endsWith("/models"), browser.getCurrentUrl());
    }
}
