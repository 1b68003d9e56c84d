package dev.tollgate.web.rankings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.Screenshots;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An app that names itself in its calls (the OpenAI SDK with {@code HTTP-Referer} and {@code X-Title}) shows on the
 * public rankings: in the API without a key and on the pages in Chromium. The deployment under test caches nothing
 * ({@code tollgate.rankings.cache-seconds=0}); the generation log writes after the answer, so the test waits for it.
 */
class RankingsIT extends PortalInBrowser {

    @Test
    void anAppThatSendsItsHeadersIsRankedInTheApiAndOnThePages() throws Exception {
        InferenceMarketplace market = InferenceMarketplace.on(base.toURI());
        String appId = "https://rankings-" + market.suffix + ".example/";
        String title = "Rankings <b>IT</b> " + market.suffix;
        OpenAIClient app = OpenAIOkHttpClient.builder()
                .baseUrl(base.toURI().resolve("/api/v1").toString())
                .apiKey(market.keyA)
                .putHeader("HTTP-Referer", appId)
                .putHeader("X-Title", title)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        for (int call = 0; call < 2; call++) {
            ChatCompletion answer = app.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(market.model("chat"))
                            .addUserMessage("Rank me")
                            .build());
            assertEquals(15, answer.usage().orElseThrow().totalTokens());
        }

        // Generation records are written behind the answers, in batches: wait for both calls' records, not the first.
        JsonObject row = wait.until(ignored -> appRow(appId)
                .filter(found -> found.getJsonNumber("total_requests").longValue() >= 2)
                .orElse(null));
        assertEquals(Set.of("rank", "app_id", "app_name", "total_tokens", "total_requests"), row.keySet());
        assertEquals(title, row.getString("app_name"));
        assertEquals(30, row.getJsonNumber("total_tokens").longValue());
        assertEquals(2, row.getJsonNumber("total_requests").longValue());

        HttpResponse<String> models = Http.get(api("/api/v1/rankings/models?period=day&limit=100"));
        assertEquals(200, models.statusCode(), models.body());
        JsonObject model = Http.json(models).getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(entry -> entry.getString("model").equals(market.model("chat")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(models.body()));
        assertEquals(Set.of("rank", "model", "total_tokens", "total_requests"), model.keySet());
        assertTrue(model.getJsonNumber("total_tokens").longValue() >= 30, model.toString());
        assertFalse(models.body().contains("Inference A"), "no organisation's name leaves");

        HttpResponse<String> refused = Http.get(api("/api/v1/rankings/apps?period=year"));
        assertEquals(400, refused.statusCode());
        assertEquals(
                "{\"error\":{\"code\":400,\"message\":\"period: must be day, week or month\"}}",
                Http.json(refused).toString().replace(",\"metadata\":null", ""));

        String openApi = Http.get(api("/openapi")).body();
        assertTrue(openApi.contains("/api/v1/rankings/apps:"), openApi);
        assertTrue(openApi.contains("/api/v1/rankings/models:"), openApi);

        browser.get(base.toURI().resolve("/rankings").toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("apps-grid")));
        browser.findElement(By.id("period-day")).click();
        By link = By.xpath("//div[@id='top-apps' and @data-period='day']//a[contains(@class,'app-link')"
                + " and normalize-space(.)='" + title + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(link));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#top-models[data-period='day'] #models-grid")));
        assertTrue(browser.findElement(By.id("tokens-per-day")).getText().contains(market.model("chat")));
        Screenshots.save(browser, "rankings");

        browser.findElement(link).click();
        wait.until(ExpectedConditions.textToBe(By.id("app-name"), title));
        assertEquals(appId, browser.findElement(By.id("app-id")).getText());
        assertEquals(
                "Last 30 days: 30 tokens in 2 requests, with 1 model.",
                browser.findElement(By.id("app-totals")).getText());
        assertTrue(browser.getCurrentUrl().contains("id=https%3A%2F%2Frankings-"), browser.getCurrentUrl());
        assertEquals(title + " · Rankings · Tollgate", browser.getTitle());
        Screenshots.save(browser, "rankings-app");
    }

    private Optional<JsonObject> appRow(String appId) {
        try {
            HttpResponse<String> apps = Http.get(api("/api/v1/rankings/apps?period=day&limit=100"));
            assertEquals(200, apps.statusCode(), apps.body());
            List<JsonObject> rows = Http.json(apps).getJsonArray("data").getValuesAs(JsonObject.class);
            return rows.stream()
                    .filter(row -> row.getString("app_id").equals(appId))
                    .findFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the apps board", e);
        }
    }

    private URI api(String path) throws Exception {
        return base.toURI().resolve(path);
    }
}
