package dev.tollgate.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.Screenshots;
import dev.tollgate.web.support.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator's dashboard pages in headless Chromium: a credit grant from the organisations page, revenue, amounts
 * owed and provider health after a real call; and a member's settings (privacy, ignored providers) that survive a
 * reload.
 */
class OperatorDashboardIT extends PortalInBrowser {

    @Test
    void anOperatorGrantsCreditsAndReadsRevenuePayablesAndHealth() throws Exception {
        InferenceMarketplace market = InferenceMarketplace.on(base.toURI());
        OperatorClient operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        Answer call = new OperatorClient(base.toURI(), market.keyA)
                .post(
                        "/api/v1/chat/completions",
                        "{\"model\": \"" + market.model("chat") + "\", \"messages\": [{\"role\": \"user\","
                                + " \"content\": \"Hi\"}]}");
        assertEquals(200, call.status(), call.raw());
        String name = "Dashboard " + UUID.randomUUID().toString().substring(0, 8);
        String organisation =
                InferenceMarketplace.Organisation.funded(operator, name, "0").id();

        signInAsOperator();
        browser.get(base + "console/organizations");
        type("organization-search", name);
        // The newest organisation is listed first even before the search arrives: wait for the search's one row, so
        // that the grid does not re-render under the click.
        wait.until(driver ->
                Long.valueOf(1).equals(browser.executeScript("return document.getElementById('organizations').size;"))
                        && portal.cells("organizations").contains(name));
        assertTrue(
                portal.cells("organizations").contains("$0.00"),
                portal.cells("organizations").toString());

        portal.click("grant-" + organisation);
        type("grant-amount", "12.5000000000001");
        portal.click("grant-submit");
        wait.until(ExpectedConditions.attributeToBe(By.id("grant-amount"), "invalid", "true"));
        assertTrue(
                browser.findElement(By.id("grant-amount")).getText().contains("at most 12 decimals"),
                "the form says what is wrong");
        clear("grant-amount");
        type("grant-amount", "12.50");
        type("grant-reason", "dashboard test");
        Screenshots.save(browser, "console-grant");
        portal.click("grant-submit");
        wait.until(driver -> portal.cells("organizations").contains("$12.50"));
        Screenshots.save(browser, "console-organizations");

        Answer summary = operator.get("/api/admin/v1/ledger/summary");
        assertEquals(200, summary.status(), summary.raw());
        assertTrue(summary.body().getBoolean("balanced"), summary.raw());

        browser.get(base + "console/revenue");
        WebElement totals = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("revenue-totals")));
        wait.until(driver -> totals.getText().startsWith("Margin $"));
        assertFalse(totals.getText().startsWith("Margin $0.00 "), "the call's margin counts: " + totals.getText());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#revenue-chart svg")));
        Screenshots.save(browser, "console-revenue");

        browser.get(base + "console/payables");
        String provider = "openai-" + market.suffix;
        portal.waitForRow("payables", provider);
        Screenshots.save(browser, "console-payables");

        browser.get(base + "console/health");
        portal.waitForRow("endpoint-health", provider);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#health-chart svg")));
        Screenshots.save(browser, "console-health");
    }

    @Test
    void aMemberSetsPrivacyAndIgnoredProvidersAndTheySurviveAReload() throws Exception {
        InferenceMarketplace market = InferenceMarketplace.on(base.toURI());
        String provider = "anthropic-" + market.suffix;
        String email = "settings-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        portal.signUp(email, "");

        browser.get(base + "settings");
        WebElement privacy = wait.until(ExpectedConditions.elementToBeClickable(By.id("deny-data-collection")));
        assertFalse(Boolean.parseBoolean(privacy.getDomProperty("checked")));
        privacy.click();
        input("ignored-providers").sendKeys(provider);
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-multi-select-combo-box-item[contains(., '" + provider + "')]")))
                .click();
        input("ignored-providers").sendKeys(Keys.ESCAPE);
        portal.click("save-preferences");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("vaadin-notification-card"), "Saved"));
        Screenshots.save(browser, "settings");

        browser.navigate().refresh();
        privacy = wait.until(ExpectedConditions.elementToBeClickable(By.id("deny-data-collection")));
        assertTrue(Boolean.parseBoolean(privacy.getDomProperty("checked")), "privacy stays on after a reload");
        String selected = (String) browser.executeScript(
                "return JSON.stringify(document.getElementById('ignored-providers').selectedItems);");
        assertTrue(selected.contains(provider), selected);
        assertEquals(List.of(provider), storedIgnoredProviders(email));
    }

    /** What the database holds for the person's personal organisation. */
    private static List<String> storedIgnoredProviders(String email) throws Exception {
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement query = connection.prepareStatement("SELECT o.ignored_providers,"
                        + " o.deny_data_collection FROM organization o JOIN membership m ON m.organization_id = o.id"
                        + " JOIN account a ON a.id = m.account_id WHERE a.email = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "the person's organisation");
                assertTrue(rows.getBoolean(2), "privacy is stored");
                return Arrays.asList((String[]) rows.getArray(1).getArray());
            }
        }
    }

    private void signInAsOperator() {
        portal.signIn(SharedPostgres.OPERATOR_EMAIL, SharedPostgres.OPERATOR_PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
    }

    private void type(String id, String text) {
        input(id).sendKeys(text);
    }

    private void clear(String id) {
        input(id).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    private WebElement input(String id) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + id + " input")));
    }
}
