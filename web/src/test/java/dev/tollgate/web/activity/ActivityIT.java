package dev.tollgate.web.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.api.org.control.IssuedKey;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.web.shell.Usd;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.Screenshots;
import dev.tollgate.web.support.SharedPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A developer's journey in headless Chromium: sign up, get a key for the new organisation, call the API with the
 * OpenAI SDK, then find the calls on the dashboard and in Activity, narrow them to one model, open one's detail and
 * download the CSV of the filter.
 */
class ActivityIT extends PortalInBrowser {

    private static final String APP = "Activity IT, the \"app\"";

    @Test
    void callsShowOnTheDashboardAndInActivityWithDetailAndExport() throws Exception {
        InferenceMarketplace market = InferenceMarketplace.on(base.toURI());
        portal.signUp("activity-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "");
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        String organization = WireJson.parseObject(get("auth/me", session).body())
                .getJsonObject("organization")
                .getString("id");

        browser.get(base.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dashboard-empty")));

        String key = inferenceKey(organization);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(base.toURI().resolve("/api/v1").toString())
                .apiKey(key)
                .putHeader("X-Title", APP)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        for (String model : List.of("chat", "chat", "claude")) {
            client.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(market.model(model))
                            .addUserMessage("Hello?")
                            .build());
        }

        // Records are written in batches a moment after the answers: look again until all three are there.
        String chat = market.model("chat");
        String claude = market.model("claude");
        wait.until(driver -> {
            List<String> recent = portal.cells("recent-generations");
            if (Collections.frequency(recent, chat) == 2 && Collections.frequency(recent, claude) == 1) {
                return true;
            }
            // Reload only a page that has finished rendering, or no reload would ever be seen.
            if (!recent.isEmpty()
                    || !driver.findElements(By.id("dashboard-empty")).isEmpty()) {
                driver.navigate().refresh();
            }
            return false;
        });
        BigDecimal spent = InferenceMarketplace.listCost(12, 3)
                .multiply(BigDecimal.valueOf(2))
                .add(InferenceMarketplace.listCost(10, 4));
        assertEquals(Usd.rounded(spent), portal.text("spend-today"));
        assertEquals(Usd.exact(spent), browser.findElement(By.id("spend-today")).getAttribute("title"));
        assertEquals(Usd.exact(spent), browser.findElement(By.id("spend-month")).getAttribute("title"));
        assertEquals("$10.00", portal.text("balance"), "the calls cost fractions of a cent of the 10 granted");
        assertEquals(2, browser.findElements(By.cssSelector("#dashboard svg")).size(), "spend and tokens are charted");
        Screenshots.save(browser, "dashboard");

        click(browser.findElement(By.id("dashboard-all-activity")));
        wait.until(driver -> Collections.frequency(portal.cells("activity-grid"), chat) == 2
                && Collections.frequency(portal.cells("activity-grid"), claude) == 1);
        assertTrue(
                portal.cells("activity-grid").contains(APP),
                portal.cells("activity-grid").toString());

        WebElement modelFilter =
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#filter-model input")));
        modelFilter.sendKeys(claude);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-combo-box-item")));
        modelFilter.sendKeys(Keys.ENTER);
        wait.until(driver -> !portal.cells("activity-grid").contains(chat)
                && Collections.frequency(portal.cells("activity-grid"), claude) == 1);
        Screenshots.save(browser, "activity");

        browser.findElements(By.cssSelector("#activity-grid vaadin-grid-cell-content")).stream()
                .filter(cell -> cell.getText().trim().equals(claude))
                .findFirst()
                .ifPresentOrElse(this::click, () -> {
                    throw new AssertionError("no row of " + claude);
                });
        WebElement facts = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("generation-facts")));
        assertTrue(facts.getText().contains("Fake anthropic"), facts.getText());
        assertTrue(facts.getText().contains(Usd.exact(InferenceMarketplace.listCost(10, 4))), facts.getText());
        assertTrue(facts.getText().contains("stop"), facts.getText());
        assertFalse(browser.findElements(By.id("generation-attempts")).isEmpty());
        Screenshots.save(browser, "activity-detail");
        browser.findElement(By.id("generation-details-close")).click();

        String href = browser.findElement(By.id("activity-export")).getAttribute("href");
        assertTrue(href.contains("/activity/export.csv?model="), href);
        HttpResponse<String> filtered = get(href.substring(href.indexOf("activity/")), session);
        assertEquals(200, filtered.statusCode());
        assertTrue(filtered.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = filtered.body().lines().toList();
        assertEquals(2, lines.size(), filtered.body());
        assertTrue(lines.get(1).contains(market.model("claude")), lines.get(1));
        assertTrue(lines.get(1).contains(",\"Activity IT, the \"\"app\"\"\","), lines.get(1));

        List<String> all = get("activity/export.csv", session).body().lines().toList();
        assertEquals(4, all.size(), String.join("\n", all));
        assertEquals(401, get("activity/export.csv", "not-a-session").statusCode(), "nobody else's export");
    }

    /** A management key for the organisation, stored as the platform stores keys, then an inference key through the API. */
    private String inferenceKey(String organization) throws Exception {
        OperatorClient operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        assertEquals(
                201,
                operator.post(
                                "/api/admin/v1/orgs/" + organization + "/grants",
                                "{\"amount\":\"10\",\"reason\":\"activity journey\"}")
                        .status());
        // The keys page is another page's business: the management key goes in as the operator's tooling would.
        IssuedKey management = IssuedKey.generate();
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO api_key (id, organization_id, hash, label, name, management)"
                                + " VALUES (?, ?, ?, ?, 'activity journey', true)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, UUID.fromString(organization));
            insert.setString(3, management.hash());
            insert.setString(4, management.label());
            insert.executeUpdate();
        }
        OperatorClient.Answer created =
                new OperatorClient(base.toURI(), management.key()).post("/api/v1/keys", "{\"name\":\"journey\"}");
        assertEquals(201, created.status(), created.raw());
        return created.body().getString("key");
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Cookie", "JSESSIONID=" + session)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Clicks where a person would, after scrolling the element into view (the dashboard is taller than the window). */
    private void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }
}
