package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Chromium;
import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeStripe;
import dev.tollgate.web.support.FakeUpstream;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.PortalSteps;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 10, secrets: keys, provider credentials and the deployment's own secrets never leave the server. The class
 * plants unique secrets (provider credentials of its own providers, an organisation's management and inference keys,
 * an account's password, and the deployment's operator token, operator password, Stripe keys, database password and
 * credential key), then calls the server as every kind of caller: every GET the OpenAPI document lists, inference that
 * succeeds and that fails at providers which echo the credential they were sent, bad keys and wrong scopes, the
 * operator API with every organisation credential and a portal session, the console's pages in Chromium. Every answer
 * (status, headers, body), every page and, last, the server's log are searched for every secret in every common form
 * ({@link PlantedSecrets}); a key may appear only in the one answer that made it. The tests run in order: the last
 * reads the log the others made the server write. Longer than a class should be, because the four cases share one set-up
 * and one record of everything the server said; the search itself is {@link PlantedSecrets}'.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIT extends DeployedTollgate {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final PlantedSecrets PLANTED = new PlantedSecrets();
    private static final String SUFFIX =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final Path LOG =
            Path.of(System.getProperty("tollgate.war")).resolveSibling("payara-micro-shared.log");
    private static final List<String> GENERATIONS = new ArrayList<>();

    private static Planted planted;
    private static int requests;

    /** What the class set up once: its providers' upstream, ids to fill paths with, and its callers. */
    private record Planted(
            URI root,
            FakeUpstream upstream,
            String organization,
            String keyHash,
            String endpointId,
            Caller operator,
            Caller management,
            Caller inference,
            long logOffset,
            Map<String, String> credentials) {}

    /** Who calls: a name for the failure message and the headers that make them who they are. */
    private record Caller(String name, String... headers) {}

    /** An answer and the place it was seen, as {@link PlantedSecrets} names it. */
    private record Answer(String where, int status, String body, HttpResponse<String> response) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    @AfterAll
    static void stopUpstream() {
        if (planted != null) {
            planted.upstream().close();
        }
    }

    @Test
    @Order(1)
    void aProvidersErrorNeverPassesItsCredentialOn() throws Exception {
        Planted with = planted(base.toURI());
        Caller key = with.inference();
        String chat = modelId("ok");
        assertEquals(200, inference(key, "chat/completions", chat, false).status());
        assertEquals(200, inference(key, "chat/completions", chat, true).status());
        assertEquals(200, inference(key, "completions", chat, false).status());

        Answer echoed = inference(key, "chat/completions", modelId("echo500"), false);
        assertEquals(502, echoed.status(), echoed.body());
        String message = echoed.json().getJsonObject("error").getString("message");
        assertTrue(
                message.contains("upstream exploded") && message.contains("Bearer [redacted]"),
                "the provider's words are passed on, its echo of our credential is not: " + message);
        assertStreamFailed(inference(key, "chat/completions", modelId("echo500"), true));
        Answer refused = inference(key, "chat/completions", modelId("echo401"), false);
        assertEquals(502, refused.status(), refused.body());
        Answer everyone = inference(key, "chat/completions", modelId("fallback"), false);
        assertEquals(502, everyone.status(), everyone.body());
        assertEquals(
                4,
                everyone.json()
                        .getJsonObject("error")
                        .getJsonObject("metadata")
                        .getJsonArray("previous_errors")
                        .size(),
                everyone.body());
        assertStreamFailed(inference(key, "completions", modelId("fallback"), true));
        Answer midStream = inference(key, "chat/completions", modelId("midstream"), true);
        assertEquals(200, midStream.status(), midStream.body());
        assertTrue(midStream.body().contains("Partial") && midStream.body().contains("[redacted]"), midStream.body());

        // The providers were sent their credentials (and echoed them): the redactions above hid something real.
        for (String scenario : List.of("openai", "echo500", "echo401", "echomidstream")) {
            assertFalse(with.upstream().received(scenario).isEmpty(), scenario);
        }
        assertEquals(
                "Bearer " + with.credentials().get("ok"),
                with.upstream().received("openai").get(0).header("Authorization"));
        Set<String> sent = new TreeSet<>();
        with.upstream().received("echo500").forEach(request -> {
            sent.add(String.valueOf(request.header("Authorization")));
            sent.add(String.valueOf(request.header("x-api-key")));
            sent.add(String.valueOf(request.header("x-goog-api-key")));
        });
        assertTrue(sent.contains(with.credentials().get("anthropic")), sent.toString());
        assertTrue(sent.contains(with.credentials().get("gemini")), sent.toString());

        // Each call's generation record, as both of the organisation's keys read it.
        assertEquals(9, GENERATIONS.size(), GENERATIONS.toString());
        for (String id : GENERATIONS) {
            for (Caller reader : List.of(with.inference(), with.management())) {
                Answer generation = send(reader, "GET", "/api/v1/generation?id=" + id, null);
                assertEquals(200, generation.status(), generation.where() + ": " + generation.body());
            }
        }
        assertNoLeaks();
    }

    @Test
    @Order(2)
    void noAnswerToAnyCallerHoldsASecret() throws Exception {
        Planted with = planted(base.toURI());
        Map<String, String> gets = gets(with);
        Map<String, Set<String>> documented = documented(with);
        for (Map.Entry<String, Set<String>> operation : documented.entrySet()) {
            if (operation.getValue().contains("GET")) {
                assertTrue(gets.containsKey(operation.getKey()), "no GET of " + operation.getKey() + " is tried");
            }
        }
        List<Caller> callers = List.of(
                new Caller("nobody"),
                new Caller("a made-up key", "Authorization", "Bearer sk-or-v1-" + "0f".repeat(32)),
                new Caller(
                        "a provider's credential as a key",
                        "Authorization",
                        "Bearer " + with.credentials().get("ok")),
                new Caller("the Stripe secret key as a key", "Authorization", "Bearer " + FakeStripe.SECRET_KEY),
                new Caller(
                        "the operator token in Basic form",
                        "Authorization",
                        "Basic " + base64(":" + SharedPostgres.OPERATOR_TOKEN)),
                with.inference(),
                with.management(),
                with.operator());
        for (Caller caller : callers) {
            for (Map.Entry<String, String> get : gets.entrySet()) {
                // The operator API's refusals of everyone else are the next test's.
                if (caller == with.operator() || !get.getKey().startsWith("/api/admin/")) {
                    send(caller, "GET", get.getValue(), null);
                }
            }
        }
        for (String page : List.of(
                "/",
                "/login",
                "/sign-up",
                "/models",
                "/rankings",
                "/keys",
                "/console/providers",
                "/auth/me",
                "/health",
                "/health/ready",
                "/metrics",
                "/openapi",
                "/nothing-here")) {
            send(new Caller("nobody"), "GET", page, null);
        }

        // A key pasted where an id belongs is not repeated back.
        String inferenceKey = with.inference().headers()[1].substring("Bearer ".length());
        String managementKey = with.management().headers()[1].substring("Bearer ".length());
        assertEquals(
                404,
                send(with.management(), "GET", "/api/v1/keys/" + inferenceKey, null)
                        .status());
        assertEquals(
                404,
                send(with.management(), "GET", "/api/v1/keys/" + managementKey, null)
                        .status());
        assertEquals(
                404,
                send(with.inference(), "GET", "/api/v1/generation?id=" + inferenceKey, null)
                        .status());

        // Wrong scopes: a management key calls no model, an inference key manages nothing, nor does the operator token.
        for (String path : List.of("chat/completions", "completions")) {
            Answer managed = inference(with.management(), path, modelId("ok"), false);
            assertRefused(403, "A management key cannot call inference", managed);
            assertRefused(401, "Invalid API key", inference(with.operator(), path, modelId("ok"), false));
            assertRefused(401, "Invalid API key", inference(callers.get(2), path, modelId("ok"), false));
        }
        String own = "/api/v1/keys/" + with.keyHash();
        for (String[] call : List.of(
                new String[] {"GET", "/api/v1/credits", null},
                new String[] {"POST", "/api/v1/credits/checkout", "{\"amount\": \"20\"}"},
                new String[] {"GET", "/api/v1/keys", null},
                new String[] {"POST", "/api/v1/keys", "{\"name\": \"smuggled\"}"},
                new String[] {"GET", own, null},
                new String[] {"PATCH", own, "{\"disabled\": true}"},
                new String[] {"DELETE", own, null})) {
            assertRefused(403, "needs a management key", send(with.inference(), call[0], call[1], call[2]));
        }

        // What a management key may change, and what Stripe's side of it says.
        assertEquals(
                200,
                send(with.management(), "PATCH", own, "{\"name\": \"renamed\"}").status());
        assertEquals(
                200,
                send(with.management(), "POST", "/api/v1/credits/checkout", "{\"amount\": \"20\"}")
                        .status());
        String event = "{\"id\": \"evt_secrets\", \"type\": \"checkout.session.completed\"}";
        Map<String, String> signatures = Map.of(
                "forged", FakeStripe.signature(event, Instant.now(), "whsec_forged"),
                "stale", FakeStripe.signature(event, Instant.now().minusSeconds(3600), FakeStripe.WEBHOOK_SECRET),
                "malformed", "t=1,v1=00");
        for (Map.Entry<String, String> signature : signatures.entrySet()) {
            Answer webhook = send(
                    new Caller(
                            "Stripe, " + signature.getKey() + " signature", "Stripe-Signature", signature.getValue()),
                    "POST",
                    "/api/stripe/webhook",
                    event);
            assertEquals(400, webhook.status(), webhook.where() + ": " + webhook.body());
        }
        assertNoLeaks();
    }

    @Test
    @Order(3)
    void theOperatorApiRefusesEveryOrganisationCredentialAndAnOwnersSession() throws Exception {
        Planted with = planted(base.toURI());
        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            PortalSteps portal = new PortalSteps(base.toString(), browser, wait);
            String password = PLANTED.plant("an account's password", "it-owner-pass-" + UUID.randomUUID());
            portal.open("sign-up");
            portal.type("sign-up-email", PortalSteps.unique("secrets-owner"));
            portal.type("sign-up-password", password);
            portal.type("sign-up-repeat", password);
            portal.click("sign-up-submit");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
            Caller owner = session("an owner's portal session", browser);
            JsonObject me = send(owner, "GET", "/auth/me", null).json();
            assertEquals("owner", me.getJsonObject("organization").getString("role"), me.toString());
            browser.get(base + "keys");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys-page")));
            PLANTED.saw("the page /keys as its owner", browser.getPageSource());

            List<Caller> strangers = List.of(
                    owner,
                    new Caller("an owner's portal session without the header", "Cookie", owner.headers()[1]),
                    with.inference(),
                    with.management(),
                    new Caller(
                            "a provider's credential",
                            "Authorization",
                            "Bearer " + with.credentials().get("ok")),
                    new Caller(
                            "a made-up operator token",
                            "Authorization",
                            "Bearer it-operator-token-" + UUID.randomUUID()),
                    new Caller("nobody"));
            int operations = 0;
            for (Map.Entry<String, Set<String>> operation : documented(with).entrySet()) {
                if (!operation.getKey().startsWith("/api/admin/")) {
                    continue;
                }
                String path = filled(operation.getKey(), with);
                for (String method : operation.getValue()) {
                    operations++;
                    String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
                    for (Caller stranger : strangers) {
                        assertEquals(
                                401,
                                send(stranger, method, path, body).status(),
                                stranger.name() + " " + method + " " + path);
                    }
                }
            }
            assertTrue(operations >= 20, "operator operations tried: " + operations);
            // Nothing the strangers tried happened: the organisation still has the credits it was granted, no more.
            JsonObject credits =
                    send(with.management(), "GET", "/api/v1/credits", null).json();
            BigDecimal total =
                    credits.getJsonObject("data").getJsonNumber("total_credits").bigDecimalValue();
            assertEquals(0, total.compareTo(new BigDecimal("5")), credits.toString());

            // The operator, signed in with the planted password, reads the console's pages.
            browser.manage().deleteAllCookies();
            portal.signIn(SharedPostgres.OPERATOR_EMAIL, SharedPostgres.OPERATOR_PASSWORD);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
            Caller operator = session("the operator's portal session", browser);
            assertEquals(
                    200, send(operator, "GET", "/api/admin/v1/providers", null).status());
            String slug = "sec-ok-" + SUFFIX;
            browser.get(base + "console/providers");
            portal.waitForRow("providers", slug);
            PLANTED.saw("the page /console/providers as the operator", browser.getPageSource());
            // The provider's form: its credential field stays empty ("leave empty to keep the stored key").
            browser.executeScript(
                    "Array.from(document.querySelectorAll('#providers vaadin-grid-cell-content'))"
                            + ".find(cell => cell.textContent.trim() === arguments[0]).click();",
                    slug);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#provider-api-key input")));
            Object shown = browser.executeScript("return document.querySelector('#provider-api-key input').value;");
            assertEquals("", shown, "the provider form's credential field");
            PLANTED.saw("the form of " + slug + " on /console/providers", browser.getPageSource());
            for (String[] page : List.of(
                    new String[] {"console/audit", "audit"},
                    new String[] {"console/organizations", "organizations"},
                    new String[] {"console/endpoints", "endpoints"})) {
                browser.get(base + page[0]);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id(page[1])));
                PLANTED.saw("the page /" + page[0] + " as the operator", browser.getPageSource());
            }
        } finally {
            browser.quit();
        }
        assertNoLeaks();
    }

    @Test
    @Order(4)
    void theServersLogAndTheProvidersSeeNoneOfTollgatesOwnSecrets() throws Exception {
        Planted with = planted(base.toURI());
        byte[] log = Files.readAllBytes(LOG);
        String text = new String(log, StandardCharsets.UTF_8);
        // One record per "[timestamp]" at the start of a line; a record may span lines (a stack trace).
        String[] records = text.split("\n(?=\\[\\d{4}-)");
        int from = (int) Math.min(with.logOffset(), log.length);
        String written = new String(log, from, log.length - from, StandardCharsets.UTF_8);
        long recordsSinceStart = written.isBlank() ? 0 : written.split("\n(?=\\[\\d{4}-)").length;
        for (int i = 0; i < records.length; i++) {
            PLANTED.saw("the server's log, record " + (i + 1) + " (" + abbreviate(records[i]) + ")", records[i]);
        }
        // Tollgate's own keys stay with Tollgate: no provider is ever sent them.
        for (String scenario : List.of("openai", "echo500", "echo401", "echomidstream")) {
            for (FakeUpstream.Received request : with.upstream().received(scenario)) {
                // The provider's own credential is expected there; anything else planted is not.
                String sent = request.headers() + " " + request.body();
                for (String credential : with.credentials().values()) {
                    sent = sent.replace(credential, "[its credential]");
                }
                PLANTED.saw("a request Tollgate sent to the provider scenario " + scenario, sent);
            }
        }
        System.out.printf(
                "SecretsIT: %d answers and pages, %d log records (%d written since the class started), %d log lines%n",
                requests, records.length, recordsSinceStart, text.split("\n").length);
        assertNoLeaks();
    }

    // ------------------------------------------------------------------ set-up

    private static synchronized Planted planted(URI root) throws Exception {
        if (planted != null) {
            return planted;
        }
        long logOffset = Files.exists(LOG) ? Files.size(LOG) : 0;
        PLANTED.plant("the operator token", SharedPostgres.OPERATOR_TOKEN);
        PLANTED.plant("the built-in operator's password", SharedPostgres.OPERATOR_PASSWORD);
        PLANTED.plant("the Stripe secret key", FakeStripe.SECRET_KEY);
        PLANTED.plant("the Stripe webhook secret", FakeStripe.WEBHOOK_SECRET);
        PLANTED.plant("the database password", SharedPostgres.DB_PASSWORD);
        PLANTED.plant("the credential key (TOLLGATE_SECRET_KEY)", SharedPostgres.SECRET_KEY);
        PLANTED.plant(
                "the credential key's bytes",
                new String(Base64.getDecoder().decode(SharedPostgres.SECRET_KEY), StandardCharsets.US_ASCII));

        FakeUpstream upstream = FakeUpstream.start();
        Caller operator = new Caller("the operator token", "Authorization", "Bearer " + SharedPostgres.OPERATOR_TOKEN);
        Map<String, String> credentials = new LinkedHashMap<>();
        // slug prefix → protocol, scenario, a credential shaped as that provider's are.
        String[][] providers = {
            {"ok", "openai", "openai", "sk-proj-"},
            {"echo500", "openai", "echo500", "sk-proj-"},
            {"echo401", "openai", "echo401", "sk-proj-"},
            {"midstream", "openai", "echomidstream", "sk-proj-"},
            {"anthropic", "anthropic", "echo500", "sk-ant-api03-"},
            {"gemini", "gemini", "echo500", "AIza"}
        };
        for (String[] provider : providers) {
            String credential = PLANTED.plant(
                    "the credential of provider sec-" + provider[0] + "-" + SUFFIX,
                    provider[3] + UUID.randomUUID().toString().replace("-", ""));
            credentials.put(provider[0], credential);
            created(send(root, operator, "POST", "/api/admin/v1/providers", """
                    {"slug": "sec-%s-%s", "name": "Secrets %s", "protocol": "%s", "base_url": "%s", "api_key": "%s"}""".formatted(
                            provider[0], SUFFIX, provider[0], provider[1], upstream.url(provider[2]), credential)));
        }
        // A credential replaced: the old one is as secret as the new.
        String rotated = PLANTED.plant(
                "the credential that replaced sec-ok-" + SUFFIX + "'s first",
                "sk-proj-" + UUID.randomUUID().toString().replace("-", ""));
        assertEquals(
                200,
                send(
                                root,
                                operator,
                                "PATCH",
                                "/api/admin/v1/providers/sec-ok-" + SUFFIX,
                                "{\"api_key\": \"" + rotated + "\"}")
                        .status());
        credentials.put("ok", rotated);

        // model → its providers
        String[][] models = {
            {"ok", "ok"},
            {"echo500", "echo500"},
            {"echo401", "echo401"},
            {"midstream", "midstream"},
            {"fallback", "echo401", "echo500", "anthropic", "gemini"}
        };
        String endpointId = null;
        for (String[] model : models) {
            created(send(root, operator, "POST", "/api/admin/v1/models", """
                    {"id": "%s", "name": "Secrets %s", "context_length": 32000}""".formatted(modelId(model[0]), model[0])));
            for (int i = 1; i < model.length; i++) {
                Answer endpoint = created(send(root, operator, "POST", "/api/admin/v1/endpoints", """
                        {"model": "%s", "provider": "sec-%s-%s", "upstream_model": "up-%s",
                         "cost": {"prompt": "0.000001", "completion": "0.000002"}}""".formatted(
                                modelId(model[0]), model[i], SUFFIX, model[i])));
                endpointId = endpointId == null ? endpoint.json().getString("id") : endpointId;
            }
        }

        Answer organization =
                created(send(root, operator, "POST", "/api/admin/v1/orgs", "{\"name\": \"Secrets " + SUFFIX + "\"}"));
        String managementKey = PLANTED.plant(
                "the organisation's management key", organization.json().getString("management_key"));
        PLANTED.shownOnceIn(managementKey, organization.where());
        String org = organization.json().getString("id");
        created(send(
                root,
                operator,
                "POST",
                "/api/admin/v1/orgs/" + org + "/grants",
                "{\"amount\": \"5\", \"reason\": \"secrets\"}"));
        Caller management = new Caller("the management key", "Authorization", "Bearer " + managementKey);
        Answer key = created(send(root, management, "POST", "/api/v1/keys", "{\"name\": \"secrets\"}"));
        String inferenceKey =
                PLANTED.plant("the organisation's inference key", key.json().getString("key"));
        PLANTED.shownOnceIn(inferenceKey, key.where());
        planted = new Planted(
                root,
                upstream,
                org,
                key.json().getJsonObject("data").getString("hash"),
                endpointId,
                operator,
                management,
                new Caller("the inference key", "Authorization", "Bearer " + inferenceKey),
                logOffset,
                credentials);
        return planted;
    }

    private static String modelId(String name) {
        return "secrets" + SUFFIX + "/" + name;
    }

    /** A GET of every path the OpenAPI document lists with a GET, by its template, with this class's ids filled in. */
    private static Map<String, String> gets(Planted with) {
        Map<String, String> gets = new LinkedHashMap<>();
        String since = Instant.now().minusSeconds(600).toString();
        gets.put("/api/system", "/api/system");
        gets.put("/api/v1/models", "/api/v1/models");
        gets.put("/api/v1/models/{author}/{slug}/endpoints", "/api/v1/models/" + modelId("fallback") + "/endpoints");
        gets.put("/api/v1/rankings/apps", "/api/v1/rankings/apps?period=day");
        gets.put("/api/v1/rankings/models", "/api/v1/rankings/models?period=day");
        gets.put("/api/v1/key", "/api/v1/key");
        gets.put("/api/v1/credits", "/api/v1/credits");
        gets.put("/api/v1/keys", "/api/v1/keys?include_disabled=true");
        gets.put("/api/v1/keys/{hash}", "/api/v1/keys/" + with.keyHash());
        gets.put("/api/v1/generation", "/api/v1/generation?id=" + GENERATIONS.get(GENERATIONS.size() - 1));
        gets.put("/api/admin/v1/providers", "/api/admin/v1/providers");
        gets.put("/api/admin/v1/providers/{slugOrId}", "/api/admin/v1/providers/sec-ok-" + SUFFIX);
        gets.put("/api/admin/v1/models", "/api/admin/v1/models");
        gets.put("/api/admin/v1/models/{id}", "/api/admin/v1/models/" + modelId("fallback"));
        gets.put("/api/admin/v1/endpoints", "/api/admin/v1/endpoints");
        gets.put("/api/admin/v1/endpoints/{id}", "/api/admin/v1/endpoints/" + with.endpointId());
        gets.put("/api/admin/v1/pricing", "/api/admin/v1/pricing");
        gets.put("/api/admin/v1/auto-router", "/api/admin/v1/auto-router");
        gets.put("/api/admin/v1/ledger/summary", "/api/admin/v1/ledger/summary");
        gets.put("/api/admin/v1/ledger/revenue", "/api/admin/v1/ledger/revenue");
        gets.put("/api/admin/v1/ledger/payables", "/api/admin/v1/ledger/payables");
        gets.put("/api/admin/v1/audit", "/api/admin/v1/audit?limit=200&since=" + since);
        return gets;
    }

    /** A documented path template with this class's ids in its parameters. */
    private static String filled(String template, Planted with) {
        String value;
        if (template.startsWith("/api/admin/v1/providers")) {
            value = "sec-ok-" + SUFFIX;
        } else if (template.startsWith("/api/admin/v1/models")) {
            value = modelId("fallback");
        } else if (template.startsWith("/api/admin/v1/endpoints")) {
            value = with.endpointId();
        } else {
            value = with.organization();
        }
        return template.replaceAll("\\{[^}]+}", Matcher.quoteReplacement(value));
    }

    /** A path of the document: {@code /api/v1/key:}, quoted when it holds a blank ({@code '/x/{id: .+}':}). */
    private static final Pattern PATH = Pattern.compile("^  ['\"]?(/[^'\"]+?)['\"]?:\\s*$");

    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|patch|delete):\\s*$");

    /** Every path of the OpenAPI document with its methods. */
    private static Map<String, Set<String>> documented(Planted with) throws Exception {
        String openApi = Http.get(with.root().resolve("/openapi")).body();
        Map<String, Set<String>> operations = new LinkedHashMap<>();
        String path = null;
        for (String line : openApi.split("\n")) {
            Matcher opened = PATH.matcher(line);
            if (opened.matches()) {
                // A parameter's pattern is no part of its name: {id: .+} is {id}.
                path = opened.group(1).replaceAll("\\{(\\w+)[^}]*}", "{$1}");
                operations.put(path, new TreeSet<>());
                continue;
            }
            Matcher method = METHOD.matcher(line);
            if (path != null && method.matches()) {
                operations.get(path).add(method.group(1).toUpperCase(java.util.Locale.ROOT));
            }
        }
        assertTrue(operations.size() >= 20, openApi);
        return operations;
    }

    // ------------------------------------------------------------------ requests

    private Answer inference(Caller caller, String path, String model, boolean stream) throws Exception {
        String body = path.equals("completions")
                ? "{\"model\": \"" + model + "\", \"prompt\": \"Hi\", \"stream\": " + stream + "}"
                : "{\"model\": \"" + model + "\", \"stream\": " + stream
                        + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
        Answer answer = send(caller, "POST", "/api/v1/" + path, body);
        answer.response().headers().firstValue("X-Generation-Id").ifPresent(id -> {
            synchronized (GENERATIONS) {
                GENERATIONS.add(id);
            }
        });
        return answer;
    }

    private Answer send(Caller caller, String method, String path, String body) throws Exception {
        return send(base.toURI(), caller, method, path, body);
    }

    /** Sends one request and shows its answer (status line, headers, body) to {@link #PLANTED}. */
    private static Answer send(URI root, Caller caller, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root.resolve("/") + path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (caller.headers().length > 0) {
            request.headers(caller.headers());
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String where = method + " " + path + " as " + caller.name() + " → " + response.statusCode();
        PLANTED.saw(where, response.statusCode() + " " + response.headers().map() + "\n" + response.body());
        synchronized (SecretsIT.class) {
            requests++;
        }
        return new Answer(where, response.statusCode(), response.body(), response);
    }

    /** The browser's portal session as a caller of the operator API (with the header a cross-site form cannot set). */
    private static Caller session(String name, ChromeDriver browser) {
        String cookie =
                "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        return new Caller(name, "Cookie", cookie, "X-Requested-With", "XMLHttpRequest");
    }

    private static Answer created(Answer answer) {
        assertEquals(201, answer.status(), answer.where() + ": " + answer.body());
        return answer;
    }

    /**
     * A streamed call that failed before its first chunk: a 502 in the envelope, or, when the keep-alive comment went
     * out first (the deployment sends one after 200 ms of quiet), a 200 whose stream ends with the error chunk.
     */
    private static void assertStreamFailed(Answer answer) {
        boolean enveloped = answer.status() == 502;
        boolean chunked = answer.status() == 200 && answer.body().contains("\"finish_reason\":\"error\"");
        assertTrue(enveloped || chunked, answer.where() + ": " + answer.body());
    }

    private static void assertRefused(int status, String message, Answer answer) {
        assertEquals(status, answer.status(), answer.where() + ": " + answer.body());
        JsonObject error = answer.json().getJsonObject("error");
        assertEquals(status, error.getInt("code"), answer.body());
        assertTrue(error.getString("message").contains(message), answer.body());
    }

    private static void assertNoLeaks() {
        List<String> leaks = PLANTED.leaks();
        assertTrue(leaks.isEmpty(), leaks.size() + " secret(s) where they must not be:\n" + String.join("\n", leaks));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String record) {
        String line = record.replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }
}
