package dev.tollgate.web.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Chromium;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.KeycloakServer;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.TollgateProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sign-in with a real Keycloak through the authorization-code flow in a real browser, against the runnable jar with
 * {@code TOLLGATE_OIDC_*} set (docs/decisions.md, "Identity: OpenID Connect"): the provider's {@code admin} role makes
 * an operator and only it; a person who registers at the provider gets an account and a personal organisation on
 * their first sign-in; sign-out ends both sessions; and the API answers as it does without a provider.
 */
class KeycloakSignInIT {

    private static final Duration START = Duration.ofSeconds(240);
    /** Keycloak's first start after unpacking also builds its Quarkus application: two minutes on two cores. */
    private static final Duration KEYCLOAK_START = Duration.ofSeconds(300);

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String TOKEN = "oidc-operator-" + UUID.randomUUID();

    @TempDir
    static Path dataDir;

    private static KeycloakServer keycloak;
    private static TollgateProcess tollgate;
    private static String portal;

    @BeforeAll
    static void start() throws Exception {
        int port = TollgateProcess.freePort();
        portal = "http://localhost:" + port;
        keycloak = KeycloakServer.start(portal);
        // One after the other: on two cores, Keycloak's first start (it builds its Quarkus application, about two
        // minutes) and Tollgate's starved each other past Tollgate's limit in CI.
        keycloak.awaitReady(KEYCLOAK_START);
        tollgate = TollgateProcess.start(
                dataDir,
                port,
                Map.of(
                        "TOLLGATE_OIDC_ISSUER",
                        keycloak.issuer(),
                        "TOLLGATE_OIDC_CLIENT_ID",
                        KeycloakServer.CLIENT_ID,
                        "TOLLGATE_OIDC_CLIENT_SECRET",
                        "tollgate-portal-secret",
                        "TOLLGATE_PUBLIC_URL",
                        portal,
                        "TOLLGATE_ADMIN_TOKEN",
                        TOKEN,
                        "TOLLGATE_DEMO",
                        "true"));
        tollgate.awaitReady(START);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tollgate != null) {
                tollgate.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    @Test
    void theProvidersAdminRoleSignsInAnOperator() throws Exception {
        String email = "operator-" + UUID.randomUUID() + "@example.com";
        String password = "Op-" + UUID.randomUUID();
        keycloak.createUser(email, password, "admin");

        inBrowser(browser -> {
            signIn(browser, email, password);

            JsonObject me = me(browser);
            assertEquals(email, me.getString("email"));
            assertTrue(me.getBoolean("operator"), me.toString());
        });
    }

    /** Keycloak's brute-force detection, as the realm configures it: five wrong passwords lock the user for a while. */
    @Test
    void wrongPasswordsLockTheUserInKeycloak() throws Exception {
        String email = "guessed-" + UUID.randomUUID() + "@example.com";
        String password = "Gs-" + UUID.randomUUID();
        keycloak.createUser(email, password);

        inBrowser(browser -> {
            for (int i = 0; i < 5; i++) {
                refusedSignIn(browser, email, "wrong-" + i);
            }
            refusedSignIn(browser, email, password);
        });
        JsonObject status = keycloak.bruteForceStatus(email);
        assertTrue(status.getBoolean("disabled"), status.toString());
    }

    @Test
    void aMemberIsNoOperator() throws Exception {
        String email = "member-" + UUID.randomUUID() + "@example.com";
        String password = "Mb-" + UUID.randomUUID();
        keycloak.createUser(email, password);

        inBrowser(browser -> {
            signIn(browser, email, password);

            JsonObject me = me(browser);
            assertEquals(email, me.getString("email"));
            assertFalse(me.getBoolean("operator"), me.toString());
            assertEquals("owner", me.getJsonObject("organization").getString("role"));
        });
    }

    @Test
    void whoRegistersAtTheProviderGetsAnAccountAndAPersonalOrganisation() throws Exception {
        String email = "self-" + UUID.randomUUID() + "@example.com";
        String password = "Sf-" + UUID.randomUUID();

        inBrowser(browser -> {
            WebDriverWait wait = new WebDriverWait(browser, STEP);
            browser.get(portal + "/auth/oidc/sign-in");
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Register")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")))
                    .sendKeys(email);
            browser.findElement(By.id("firstName")).sendKeys("Self");
            browser.findElement(By.id("lastName")).sendKeys("Registered");
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("password-confirm")).sendKeys(password);
            browser.findElement(By.cssSelector("#kc-register-form [type=submit]"))
                    .click();
            awaitPortal(browser);

            JsonObject me = me(browser);
            assertEquals(email, me.getString("email"));
            assertFalse(me.getBoolean("operator"), me.toString());
            JsonObject organization = me.getJsonObject("organization");
            assertTrue(organization.getBoolean("personal"), me.toString());
            assertEquals("owner", organization.getString("role"));
        });
        assertTrue(keycloak.realmRolesOf(email).contains("member"), "the realm's default role is member");
    }

    @Test
    void signOutEndsThePortalSessionAndTheProviders() throws Exception {
        String email = "leaving-" + UUID.randomUUID() + "@example.com";
        String password = "Lv-" + UUID.randomUUID();
        keycloak.createUser(email, password);

        inBrowser(browser -> {
            signIn(browser, email, password);
            assertEquals(email, me(browser).getString("email"));

            browser.get(portal + "/auth/sign-out");
            awaitPortal(browser);
            browser.get(portal + "/auth/me");
            assertTrue(browser.getPageSource().contains("Not signed in"), browser.getPageSource());

            // The provider's session is over too: signing in again asks for the password.
            browser.get(portal + "/auth/oidc/sign-in");
            new WebDriverWait(browser, STEP).until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        });
    }

    @Test
    void theApiIsUntouchedByTheSignInMechanism() throws Exception {
        HttpResponse<String> models = Http.get(URI.create(portal + "/api/v1/models"));
        assertEquals(200, models.statusCode(), models.body());
        assertTrue(models.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(Http.json(models).getJsonArray("data").size() > 0, models.body());

        // What Soteria's mechanism would take for a stray authorization-code callback, were it not confined.
        HttpResponse<String> callbackLike = Http.get(URI.create(portal + "/api/v1/models?code=abc&state=def"));
        assertEquals(200, callbackLike.statusCode(), callbackLike.body());

        String key = Organisation.funded(
                        new OperatorClient(URI.create(portal), TOKEN), "OIDC " + UUID.randomUUID(), "5")
                .inferenceKey(URI.create(portal));
        HttpResponse<String> completion = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(portal + "/api/v1/chat/completions"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"meta-llama/llama-3.1-8b-instruct\","
                                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, completion.statusCode(), completion.body());
        assertTrue(completion.body().contains("\"choices\""), completion.body());

        HttpResponse<String> anonymousMe = Http.get(URI.create(portal + "/auth/me"));
        assertEquals(401, anonymousMe.statusCode(), anonymousMe.body());
    }

    @Test
    void aCallbackWithoutItsSignInIsSentBackToTheSignInPage() throws Exception {
        HttpResponse<String> stale = Http.get(URI.create(portal + "/auth/oidc/callback?code=abc&state=def"));

        assertEquals(302, stale.statusCode(), stale.body());
        assertTrue(
                stale.headers().firstValue("Location").orElse("").contains("/login?error="),
                stale.headers().map().toString());
    }

    /** From the sign-in path through Keycloak's login page back to the portal. */
    private static void signIn(WebDriver browser, String email, String password) {
        WebDriverWait wait = new WebDriverWait(browser, STEP);
        browser.get(portal + "/auth/oidc/sign-in");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        awaitPortal(browser);
    }

    /** A sign-in that Keycloak refuses: its login form comes back, the browser stays off the portal. */
    private static void refusedSignIn(WebDriver browser, String email, String password) {
        WebDriverWait wait = new WebDriverWait(browser, STEP);
        browser.get(portal + "/auth/oidc/sign-in");
        WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        // Keycloak fills in the name tried last.
        username.clear();
        username.sendKeys(email);
        WebElement field = browser.findElement(By.id("password"));
        field.sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.stalenessOf(field));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertFalse(browser.getCurrentUrl().startsWith(portal + "/"), browser.getCurrentUrl());
    }

    /** Waits until the browser is back on the portal, past the sign-in servlet and the provider. */
    private static void awaitPortal(WebDriver browser) {
        new WebDriverWait(browser, STEP)
                .withMessage(
                        () -> "not back on the portal: " + browser.getCurrentUrl() + "\n" + browser.getPageSource())
                .until(driver -> {
                    String url = driver.getCurrentUrl();
                    return url.startsWith(portal + "/") && !url.startsWith(portal + "/auth/");
                });
    }

    /** {@code /auth/me} as this browser's session sees it. */
    private static JsonObject me(WebDriver browser) {
        browser.get(portal + "/auth/me");
        String body = browser.findElement(By.tagName("body")).getText();
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private interface Journey {
        void run(ChromeDriver browser) throws Exception;
    }

    private static void inBrowser(Journey journey) throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            journey.run(browser);
        } finally {
            browser.quit();
        }
    }
}
