package dev.tollgate.web.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.FakeStripe;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.PortalSteps;
import dev.tollgate.web.support.Screenshots;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A developer's first minutes in the portal, in headless Chromium: sign up, make a key (shown once, copied, then
 * listed masked), buy credits against the fake Stripe with the fee shown before paying, and come back to a page that
 * waits for Stripe's webhook and then shows the new balance.
 */
class CreditsAndKeysIT extends PortalInBrowser {

    private static final Pattern SESSION = Pattern.compile("(cs_test_[0-9a-f]+)");

    @Test
    void aNewDeveloperMakesAKeyAndBuysCredits() throws Exception {
        portal.signUp(PortalSteps.unique("grace"), "Grace Hopper");

        String key = makeAKey();
        buyCredits();

        // The key is never on a page again.
        browser.get(base + "keys");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys")));
        assertFalse(browser.getPageSource().contains(key.substring(20)), "the key is shown once only");
    }

    private String makeAKey() {
        browser.get(base + "keys");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-keys")));
        portal.type("key-name", "CI key");
        portal.type("key-limit", "10");
        portal.click("create-key");

        // The dialog's host has no size of its own (its overlay shows the content): wait for what it shows.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-warning")));
        String key = wait.until(driver -> {
            String value =
                    driver.findElement(By.cssSelector("#new-key-value input")).getDomProperty("value");
            return value == null || value.isEmpty() ? null : value;
        });
        assertTrue(key.matches("sk-or-v1-[0-9a-f]{64}"), key);
        assertTrue(
                browser.findElement(By.id("new-key-warning")).getText().contains("it will not be shown again"),
                browser.findElement(By.id("new-key-warning")).getText());
        // Headless Chromium on a plain-http host gives the page no clipboard: the button is there to press.
        assertTrue(browser.findElement(By.id("copy-key")).isEnabled());
        Screenshots.save(browser, "keys-new-key-dialog");
        portal.click("new-key-done");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-key-warning")));

        String label = key.substring(0, 12) + "..." + key.substring(key.length() - 3);
        wait.until(driver -> portal.cells("keys").contains(label));
        List<String> cells = portal.cells("keys");
        assertTrue(cells.contains("CI key"), cells.toString());
        assertTrue(cells.contains("$10.00 in total · $10.00 left"), cells.toString());
        assertTrue(cells.contains("Active"), cells.toString());
        assertTrue(cells.contains("never"), cells.toString());
        assertFalse(String.join(" ", cells).contains(key), "the list shows the masked label only");
        Screenshots.save(browser, "keys");
        return key;
    }

    private void buyCredits() throws Exception {
        browser.get(base + "credits");
        wait.until(ExpectedConditions.textToBe(By.id("balance"), "$0.00"));
        portal.type("credits-amount", "20");
        wait.until(ExpectedConditions.textToBe(By.id("quote-credits"), "$20.00"));
        wait.until(ExpectedConditions.textToBe(By.id("quote-fee"), "$1.10"));
        wait.until(ExpectedConditions.textToBe(By.id("quote-total"), "$21.10"));
        Screenshots.save(browser, "credits");
        portal.click("pay-with-stripe");

        // The fake's payment page is on a host this machine cannot reach: the address is what counts.
        String sessionId = wait.until(driver -> {
            Matcher session = SESSION.matcher(driver.getCurrentUrl());
            return driver.getCurrentUrl().startsWith("https://checkout.stripe.test/") && session.find()
                    ? session.group(1)
                    : null;
        });
        assertEquals(
                "2000", FakeStripe.shared().session(sessionId).form().get("line_items[0][price_data][unit_amount]"));

        // Back from Stripe before its webhook: the page waits, then shows what arrived.
        browser.get(base + "credits/return?session_id=" + sessionId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topup-outcome"), "Waiting for Stripe"));
        Answer delivered = FakeStripe.deliver(
                base.toURI().resolve("/api/stripe/webhook"), FakeStripe.shared().completed(sessionId));
        assertEquals(200, delivered.status(), delivered.raw());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topup-outcome"), "Added $20.00"));
        assertTrue(
                browser.findElement(By.id("topup-outcome")).getText().contains("Your balance is now $20.00"),
                browser.findElement(By.id("topup-outcome")).getText());
        Screenshots.save(browser, "credits-return");

        browser.get(base + "credits");
        wait.until(ExpectedConditions.textToBe(By.id("balance"), "$20.00"));
        wait.until(driver -> portal.cells("purchases").contains("Paid"));
        List<String> purchase = portal.cells("purchases");
        assertTrue(purchase.containsAll(List.of("$20.00", "$1.10", "$21.10", "Paid")), purchase.toString());

        browser.get(base + "credits?checkout=cancelled");
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("checkout-cancelled"), "nothing was charged"));
    }
}
