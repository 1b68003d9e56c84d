package dev.tollgate.web.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Chromium;
import dev.tollgate.web.support.PortalInBrowser;
import dev.tollgate.web.support.PortalSteps;
import dev.tollgate.web.support.SharedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Built-in accounts in headless Chromium: sign-up, sign-in, sign-out, lock-out, members-only pages, invitations and
 * roles, what each person's pages show of which organisation, and the operator account.
 */
class PortalIdentityIT extends PortalInBrowser {

    @Test
    void aDeveloperSignsUpSignsOutAndSignsInAgain() {
        String email = PortalSteps.unique("ada");
        portal.signUp(email, "Ada Lovelace");
        assertEquals("Ada Lovelace", portal.text("signed-in-user"));
        assertTrue(switcherText(browser).contains("Personal · Ada Lovelace"), switcherText(browser));

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));

        portal.signIn(email, PortalSteps.PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("signed-in-user"), "Ada Lovelace"));
    }

    @Test
    void signUpSaysWhatIsWrongWithThePassword() {
        browser.get(base + "sign-up");
        portal.type("sign-up-email", PortalSteps.unique("weak"));
        portal.type("sign-up-password", "short");
        portal.type("sign-up-repeat", "short");
        portal.click("sign-up-submit");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-up-problem"), "at least 10"));
    }

    @Test
    void repeatedWrongPasswordsLockTheAccount() {
        String email = PortalSteps.unique("locked");
        portal.signUp(email, "");
        browser.manage().deleteAllCookies();
        for (int attempt = 1; attempt <= 4; attempt++) {
            portal.signIn(email, "not the password " + attempt);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-problem"), "wrong"));
        }
        portal.signIn(email, "not the password 5");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sign-in-problem"), "Too many failed sign-ins; try again in"));
        portal.signIn(email, PortalSteps.PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sign-in-problem"), "Too many failed sign-ins; try again in"));
        assertTrue(browser.findElements(By.id("signed-in-user")).isEmpty());
    }

    @Test
    void membersOnlyPagesSendVisitorsToSignInAndBackAfterIt() {
        String email = PortalSteps.unique("back");
        portal.signUp(email, "");
        browser.manage().deleteAllCookies();

        browser.get(base + "organization");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-form")));
        assertTrue(
                browser.getCurrentUrl().contains("continue=%2Forganization")
                        || browser.getCurrentUrl().contains("continue=/organization"),
                browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("members")).isEmpty());

        portal.fillSignIn(email, PortalSteps.PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members")));
        assertTrue(browser.getCurrentUrl().endsWith("/organization"), browser.getCurrentUrl());
    }

    @Test
    void anInvitedMemberSeesTheTeamAndAStrangerSeesNothingOfIt() throws Exception {
        String owner = PortalSteps.unique("owner");
        String member = PortalSteps.unique("member");
        String stranger = PortalSteps.unique("stranger");
        String team = "Team " + UUID.randomUUID().toString().substring(0, 6);

        portal.signUp(owner, "");
        browser.get(base + "organization");
        portal.type("new-organization-name", team);
        portal.click("create-organization");
        wait.until(ExpectedConditions.textToBe(By.id("organization-name"), team));
        portal.click("create-invitation");
        WebElement link =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#invitation-link input")));
        wait.until(driver -> link.getAttribute("value").contains("/invitation/"));
        String invitation = link.getAttribute("value");

        ChromeDriver second = Chromium.start();
        try {
            WebDriverWait secondWait = new WebDriverWait(second, Duration.ofSeconds(30));
            PortalSteps secondPortal = new PortalSteps(base.toString(), second, secondWait);
            secondPortal.signUp(member, "");
            second.get(invitation);
            secondWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invitation-accepted"), team));
            second.get(base + "organization");
            secondWait.until(ExpectedConditions.textToBe(By.id("organization-name"), team));
            assertEquals(
                    "Your role: Member", second.findElement(By.id("your-role")).getText());
            List<String> members = secondPortal.cells("members", 8);
            assertTrue(members.contains(owner) && members.contains(member), members.toString());
            // Members don't invite.
            assertTrue(second.findElements(By.id("create-invitation")).isEmpty());

            // The link worked once.
            second.manage().deleteAllCookies();
            secondPortal.signUp(stranger, "");
            second.get(invitation);
            secondWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invitation-problem"), "used"));
            second.get(base + "organization");
            secondWait.until(ExpectedConditions.presenceOfElementLocated(By.id("members")));
            assertFalse(second.findElement(By.id("organization-name")).getText().equals(team));
            assertFalse(switcherText(second).contains(team), switcherText(second));
            assertFalse(second.getPageSource().contains(owner), "nothing of the team reaches a stranger's page");
        } finally {
            second.quit();
        }

        browser.navigate().refresh();
        List<String> members = portal.cells("members", 8);
        assertTrue(members.contains(member) && !members.contains(stranger), members.toString());
        portal.click("remove-" + member);
        wait.until(driver -> !portal.cells("members", 4).contains(member));
    }

    @Test
    void theOperatorAccountOpensTheConsoleAndTheOperatorApiAndAMemberDoesNot() throws Exception {
        portal.signIn(SharedPostgres.OPERATOR_EMAIL, SharedPostgres.OPERATOR_PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
        browser.get(base + "console/providers");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("providers")));
        assertTrue(browser.findElement(By.id("console-navigation")).isDisplayed(), "an operator is shown the console");
        String operatorSession = browser.manage().getCookieNamed("JSESSIONID").getValue();
        assertEquals(200, operatorApi(operatorSession, true).statusCode());
        // The cookie alone, as a cross-site form would send it, is not enough.
        assertEquals(401, operatorApi(operatorSession, false).statusCode());

        browser.manage().deleteAllCookies();
        portal.signUp(PortalSteps.unique("notop"), "");
        browser.get(base + "console/providers");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operator-token")));
        assertTrue(browser.findElements(By.id("providers")).isEmpty());
        Cookie memberSession = browser.manage().getCookieNamed("JSESSIONID");
        assertEquals(401, operatorApi(memberSession.getValue(), true).statusCode());
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndTheSessionCookieIsHttpOnly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("", "login", "api/v1/models", "nothing-here")) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            var headers = response.headers();
            assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals(
                    "strict-origin-when-cross-origin",
                    headers.firstValue("Referrer-Policy").orElse(""),
                    path);
            String policy = headers.firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'self'"), path);
        }
        browser.get(base + "login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-form")));
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertTrue(session.isHttpOnly());
        assertEquals("Lax", session.getSameSite());
    }

    private HttpResponse<String> operatorApi(String session, boolean withHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/admin/v1/providers"))
                .header("Cookie", "JSESSIONID=" + session);
        if (withHeader) {
            request.header("X-Requested-With", "XMLHttpRequest");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String switcherText(ChromeDriver driver) {
        return driver.findElement(By.id("organization-switcher")).getText()
                + driver.findElement(By.id("organization-switcher")).getDomProperty("innerText");
    }
}
