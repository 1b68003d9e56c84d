package dev.tollgate.web.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.PortalSteps;
import dev.tollgate.web.support.Screenshots;
import dev.tollgate.web.support.SharedPostgres;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The journey the portal exists for, in one browser: a developer signs up, makes a key on the keys page, calls the API
 * with it from the official OpenAI SDK as an app that names itself, and finds the call in their activity and the app
 * on the public rankings.
 */
class DeveloperJourneyIT extends PortalInBrowser {

    @Test
    void signUpMakeAKeyCallTheApiAndSeeTheCallInActivityAndRankings() throws Exception {
        InferenceMarketplace market = InferenceMarketplace.on(base.toURI());
        String run = UUID.randomUUID().toString().substring(0, 8);
        portal.signUp(PortalSteps.unique("journey"), "Journey " + run);

        // Payments are an operator's grant here: the new personal organisation gets $5.
        String organization = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/auth/me').then(r => r.json()).then(me => done(me.organization.id));");
        OperatorClient operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        assertEquals(
                201,
                operator.post(
                                "/api/admin/v1/orgs/" + organization + "/grants",
                                "{\"amount\":\"5\",\"reason\":\"journey\"}")
                        .status());

        browser.get(base + "keys");
        portal.type("key-name", "journey key");
        portal.click("create-key");
        String key = wait.until(driver -> {
            String value =
                    driver.findElement(By.cssSelector("#new-key-value input")).getDomProperty("value");
            return value == null || value.isEmpty() ? null : value;
        });
        portal.click("new-key-done");

        String app = "https://journey-" + run + ".example/";
        String title = "Journey app " + run;
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(base.toURI().resolve("/api/v1").toString())
                .apiKey(key)
                .putHeader("HTTP-Referer", app)
                .putHeader("X-Title", title)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        ChatCompletion answer = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(market.model("chat"))
                        .addUserMessage("Hello from the journey")
                        .build());
        assertEquals(market.model("chat"), answer.model());

        // The generation record is written a moment after the answer: look again until it is there.
        wait.withTimeout(Duration.ofSeconds(60)).until(driver -> {
            browser.get(base + "activity");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("activity-page")));
            return portal.cells("activity-grid").contains(market.model("chat"));
        });
        assertTrue(
                portal.cells("activity-grid").contains(title),
                portal.cells("activity-grid").toString());
        Screenshots.save(browser, "journey-activity");

        browser.get(base + "rankings");
        portal.click("period-day");
        // Wait for the day's boards: the week's, shown first, are replaced and their links go stale.
        By appLink = By.xpath("//div[@id='top-apps' and @data-period='day']//a[contains(@class,'app-link')"
                + " and normalize-space(.)='" + title + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(appLink));
        browser.findElement(appLink).click();
        wait.until(ExpectedConditions.textToBe(By.id("app-name"), title));
        assertEquals(app, browser.findElement(By.id("app-id")).getText());
        Screenshots.save(browser, "journey-rankings-app");
    }
}
