package dev.tollgate.web.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The operator API end to end: every endpoint's happy path, each bad input, and the routing snapshot it feeds. */
class OperatorApiIT extends DeployedTollgate {

    private OperatorClient operator;
    private String suffix;

    @BeforeEach
    void operator() throws Exception {
        operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    private String provider(String slug) {
        return """
                {"slug": "%s", "name": "Provider %s", "protocol": "openai", "base_url": "https://api.example.test/v1",
                 "api_key": "sk-upstream-%s", "data_policy": {"training": false, "retains_prompts": true}}""".formatted(slug, slug, slug);
    }

    private String model(String id) {
        return """
                {"id": "%s", "name": "Model %s", "context_length": 8192, "input_modalities": ["text", "image"]}""".formatted(id, id);
    }

    private String endpoint(String model, String provider, String prompt, String completion) {
        return """
                {"model": "%s", "provider": "%s", "upstream_model": "upstream-%s",
                 "cost": {"prompt": "%s", "completion": "%s"}, "max_completion_tokens": 1024,
                 "supported_parameters": ["temperature", "tools"], "quantization": "fp8"}""".formatted(model, provider, suffix, prompt, completion);
    }

    @Test
    void refusesCallersWithoutTheOperatorToken() throws Exception {
        Answer anonymous = new OperatorClient(base.toURI(), null).get("/api/admin/v1/providers");
        Answer impostor = new OperatorClient(base.toURI(), "sk-or-v1-" + "0".repeat(64)).get("/api/admin/v1/providers");

        assertEquals(401, anonymous.status());
        assertEquals(401, anonymous.body().getJsonObject("error").getInt("code"));
        assertEquals(401, impostor.status());
        assertEquals("Invalid operator token", impostor.errorMessage());
    }

    @Test
    void providersAreCreatedReadChangedAndRemovedWithoutEverShowingTheirKey() throws Exception {
        String slug = "acme-" + suffix;

        Answer created = operator.post("/api/admin/v1/providers", provider(slug));
        assertEquals(201, created.status(), created.raw());
        assertEquals(slug, created.body().getString("slug"));
        assertTrue(created.body().getBoolean("has_api_key"));
        assertTrue(created.body().getJsonObject("data_policy").getBoolean("retains_prompts"));

        Answer changed =
                operator.patch("/api/admin/v1/providers/" + slug, "{\"name\": \"Acme AI\", \"margin\": \"0.1\"}");
        assertEquals(200, changed.status(), changed.raw());
        assertEquals("Acme AI", changed.body().getString("name"));
        assertEquals("0.1", changed.body().getString("margin"));
        assertEquals("https://api.example.test/v1", changed.body().getString("base_url"));

        Answer byId = operator.get("/api/admin/v1/providers/" + created.body().getString("id"));
        assertEquals("Acme AI", byId.body().getString("name"));
        Answer listed = operator.get("/api/admin/v1/providers");
        assertTrue(listed.raw().contains("\"slug\":\"" + slug + "\""));
        for (Answer answer : new Answer[] {created, changed, byId, listed}) {
            assertFalse(answer.raw().contains("sk-upstream-" + slug), "the credential never leaves: " + answer.raw());
        }

        assertEquals(204, operator.delete("/api/admin/v1/providers/" + slug).status());
        assertEquals(404, operator.get("/api/admin/v1/providers/" + slug).status());
    }

    @Test
    void theCredentialIsStoredOnlyAsAesGcmCiphertext() throws Exception {
        String slug = "vault-" + suffix;
        String id =
                operator.post("/api/admin/v1/providers", provider(slug)).body().getString("id");

        byte[] stored;
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT api_key_ciphertext FROM provider WHERE slug = ?")) {
            query.setString(1, slug);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                stored = row.getBytes(1);
            }
        }

        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("sk-upstream-" + slug));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(Base64.getDecoder().decode(SharedPostgres.SECRET_KEY), "AES"),
                new GCMParameterSpec(128, stored, 1, 12));
        cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                "sk-upstream-" + slug,
                new String(cipher.doFinal(stored, 13, stored.length - 13), StandardCharsets.UTF_8));
    }

    @Test
    void badProvidersAreRefusedNamingTheField() throws Exception {
        String slug = "bad-" + suffix;
        assertRefused(
                400,
                "protocol: must be one of",
                operator.post("/api/admin/v1/providers", provider(slug).replace("\"openai\"", "\"carrier-pigeon\"")));
        assertRefused(
                400,
                "base_url: must be an absolute http or https URL",
                operator.post(
                        "/api/admin/v1/providers",
                        provider(slug).replace("https://api.example.test/v1", "api.example.test")));
        assertRefused(400, "slug: must be lower-case", operator.post("/api/admin/v1/providers", provider("Bad Slug")));
        assertRefused(
                400,
                "name: is required",
                operator.post(
                        "/api/admin/v1/providers",
                        "{\"slug\": \"" + slug + "\", \"protocol\": \"openai\", \"base_url\": \"https://x.test\"}"));
        assertRefused(
                400,
                "margin: must be a fraction from 0 to 10",
                operator.post(
                        "/api/admin/v1/providers",
                        provider(slug).replace("\"data_policy\"", "\"margin\": \"25\", \"data_policy\"")));
        assertRefused(
                400,
                "colour: unknown field",
                operator.post(
                        "/api/admin/v1/providers",
                        provider(slug).replace("\"data_policy\"", "\"colour\": \"blue\", \"data_policy\"")));
        assertRefused(400, "body: is not valid JSON", operator.post("/api/admin/v1/providers", "{not json"));

        assertEquals(
                201, operator.post("/api/admin/v1/providers", provider(slug)).status());
        assertRefused(
                409,
                "slug: a provider '" + slug + "' exists already",
                operator.post("/api/admin/v1/providers", provider(slug)));
        assertRefused(
                404,
                "no provider 'nobody-" + suffix + "'",
                operator.patch("/api/admin/v1/providers/nobody-" + suffix, "{\"name\": \"x\"}"));
    }

    @Test
    void modelsAndEndpointsMakeListPricesVisibleToRoutingAtOnce() throws Exception {
        String slug = "route-" + suffix;
        String modelId = "acme/model-" + suffix;
        operator.post("/api/admin/v1/providers", provider(slug));
        Answer model = operator.post("/api/admin/v1/models", model(modelId));
        assertEquals(201, model.status(), model.raw());

        Answer created = operator.post("/api/admin/v1/endpoints", endpoint(modelId, slug, "0.000001", "0.000002"));
        assertEquals(201, created.status(), created.raw());
        assertEquals("0.05", created.body().getString("effective_margin"), "the platform's default margin applies");
        assertEquals("0.00000105", created.body().getJsonObject("list_price").getString("prompt"));
        assertEquals(
                "1.05", created.body().getJsonObject("list_price_per_million").getString("prompt"));
        assertEquals("0.0000021", publicPrice(modelId).orElseThrow().getString("completion"));
        OperatorClient anyone = new OperatorClient(base.toURI(), null);
        Answer endpoints = anyone.get("/api/v1/models/" + modelId + "/endpoints");
        assertEquals(200, endpoints.status(), endpoints.raw());
        JsonObject served =
                endpoints.body().getJsonObject("data").getJsonArray("endpoints").getJsonObject(0);
        assertEquals(slug, served.getString("tag"));
        assertEquals("0.00000105", served.getJsonObject("pricing").getString("prompt"));
        assertEquals("fp8", served.getString("quantization"));
        assertEquals(1024, served.getInt("max_completion_tokens"));
        assertTrue(served.isNull("uptime_last_30m"), "no uptime is shown before one is measured");
        assertEquals(
                404,
                anyone.get("/api/v1/models/acme/never-" + suffix + "/endpoints").status());

        String endpointId = created.body().getString("id");
        Answer repriced = operator.patch("/api/admin/v1/endpoints/" + endpointId, "{\"margin\": \"0.25\"}");
        assertEquals(200, repriced.status(), repriced.raw());
        assertEquals(
                "0.00000125", publicPrice(modelId).orElseThrow().getString("prompt"), "routing saw the new margin");

        operator.patch("/api/admin/v1/endpoints/" + endpointId, "{\"margin\": null}");
        operator.patch("/api/admin/v1/providers/" + slug, "{\"margin\": \"0.5\"}");
        assertEquals(
                "0.0000015", publicPrice(modelId).orElseThrow().getString("prompt"), "the provider's margin applies");

        operator.patch("/api/admin/v1/endpoints/" + endpointId, "{\"enabled\": false}");
        assertTrue(publicPrice(modelId).isEmpty(), "a disabled endpoint leaves the routing snapshot");

        assertRefused(409, "still has 1 endpoint", operator.delete("/api/admin/v1/models/" + modelId));
        assertEquals(
                204, operator.delete("/api/admin/v1/endpoints/" + endpointId).status());
        assertEquals(204, operator.delete("/api/admin/v1/models/" + modelId).status());
        assertEquals(404, operator.get("/api/admin/v1/models/" + modelId).status());
    }

    @Test
    void badEndpointsAreRefusedNamingTheField() throws Exception {
        String slug = "ep-" + suffix;
        String modelId = "acme/ep-" + suffix;
        operator.post("/api/admin/v1/providers", provider(slug));
        operator.post("/api/admin/v1/models", model(modelId));

        assertRefused(
                400,
                "cost.prompt: must not be negative",
                operator.post("/api/admin/v1/endpoints", endpoint(modelId, slug, "-0.000001", "0.000002")));
        assertRefused(
                400,
                "cost.completion: must be a decimal number",
                operator.post("/api/admin/v1/endpoints", endpoint(modelId, slug, "0.000001", "cheap")));
        assertRefused(
                400,
                "margin: must be a fraction from 0 to 10",
                operator.post(
                        "/api/admin/v1/endpoints",
                        endpoint(modelId, slug, "0.000001", "0.000002")
                                .replace("\"quantization\"", "\"margin\": -0.5, \"quantization\"")));
        assertRefused(
                404,
                "model: no model 'acme/missing-" + suffix + "'",
                operator.post(
                        "/api/admin/v1/endpoints", endpoint("acme/missing-" + suffix, slug, "0.000001", "0.000002")));
        assertRefused(
                404,
                "provider: no provider 'missing-" + suffix + "'",
                operator.post(
                        "/api/admin/v1/endpoints", endpoint(modelId, "missing-" + suffix, "0.000001", "0.000002")));

        assertEquals(
                201,
                operator.post("/api/admin/v1/endpoints", endpoint(modelId, slug, "0.000001", "0.000002"))
                        .status());
        assertRefused(
                409,
                "already serves model",
                operator.post("/api/admin/v1/endpoints", endpoint(modelId, slug, "0.000001", "0.000002")));
        String endpointId =
                operator
                        .get("/api/admin/v1/endpoints")
                        .body()
                        .getJsonArray("data")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .filter(endpoint -> endpoint.getString("provider").equals(slug))
                        .findFirst()
                        .orElseThrow()
                        .getString("id");
        assertRefused(
                400,
                "cost.prompt: is required",
                operator.patch("/api/admin/v1/endpoints/" + endpointId, "{\"cost\": {\"prompt\": null}}"));
        assertRefused(409, "still has 1 endpoint", operator.delete("/api/admin/v1/providers/" + slug));
        assertRefused(400, "id: must be 'author/slug'", operator.post("/api/admin/v1/models", model("no-author")));
        assertRefused(
                400,
                "context_length: must be greater than 0",
                operator.post(
                        "/api/admin/v1/models", model("acme/zero-" + suffix).replace("8192", "0")));
    }

    @Test
    void thePlatformMarginIsReadAndSet() throws Exception {
        Answer current = operator.get("/api/admin/v1/pricing");
        assertEquals(200, current.status());
        Answer set = operator.put("/api/admin/v1/pricing", "{\"default_margin\": \"0.050\"}");
        assertEquals(200, set.status(), set.raw());
        assertEquals("0.05", set.body().getString("default_margin"));
        assertRefused(
                400,
                "default_margin: must be a fraction",
                operator.put("/api/admin/v1/pricing", "{\"default_margin\": \"11\"}"));
    }

    @Test
    void organisationsGetAManagementKeyStoredOnlyAsItsHash() throws Exception {
        Answer created = operator.post("/api/admin/v1/orgs", "{\"name\": \"Org " + suffix + "\"}");
        assertEquals(201, created.status(), created.raw());
        String key = created.body().getString("management_key");
        assertTrue(key.matches("sk-or-v1-[0-9a-f]{64}"), key);

        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT hash, label, management FROM api_key WHERE organization_id = ?::uuid")) {
            query.setString(1, created.body().getString("id"));
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals(hash, row.getString("hash"));
                assertFalse(row.getString("label").contains(key.substring(12, 60)));
                assertTrue(row.getBoolean("management"));
            }
        }

        assertRefused(400, "name: is required", operator.post("/api/admin/v1/orgs", "{}"));
        String grants = "/api/admin/v1/orgs/" + created.body().getString("id") + "/grants";
        String grantKey = UUID.randomUUID().toString();
        OperatorClient.Answer granted =
                operator.post(grants, "{\"amount\": \"10.50\", \"reason\": \"welcome\"}", "Idempotency-Key", grantKey);
        assertEquals(201, granted.status(), granted.raw());
        assertEquals("10.50", granted.body().getString("amount"));
        assertEquals("welcome", granted.body().getString("reason"));
        assertEquals(
                0,
                new java.math.BigDecimal("10.50")
                        .compareTo(new java.math.BigDecimal(granted.body().getString("balance"))));
        OperatorClient.Answer retried =
                operator.post(grants, "{\"amount\": \"10.50\", \"reason\": \"welcome\"}", "Idempotency-Key", grantKey);
        assertEquals(granted.body().getString("id"), retried.body().getString("id"), "a retry is the same grant");
        assertEquals(
                0,
                new java.math.BigDecimal("10.50")
                        .compareTo(new java.math.BigDecimal(retried.body().getString("balance"))),
                "credited once");
        assertRefused(400, "amount: must be more than 0", operator.post(grants, "{\"amount\": \"-1\"}"));
        assertRefused(400, "amount: is required", operator.post(grants, "{\"reason\": \"x\"}"));
        assertRefused(
                404,
                "no organisation",
                operator.post("/api/admin/v1/orgs/" + UUID.randomUUID() + "/grants", "{\"amount\": \"1\"}"));
        OperatorClient.Answer summary = operator.get("/api/admin/v1/ledger/summary");
        assertEquals(200, summary.status(), summary.raw());
        assertTrue(summary.body().getBoolean("balanced"), summary.raw());
        assertTrue(
                summary.body().getJsonArray("accounts").stream()
                        .map(JsonValue::asJsonObject)
                        .anyMatch(kind -> kind.getString("kind").equals("org_credits")
                                && new java.math.BigDecimal(kind.getString("credits_posted"))
                                                .compareTo(new java.math.BigDecimal("10.5"))
                                        >= 0),
                summary.raw());
    }

    @Test
    void revenueAndPayablesReportWhatTheLedgerPosted() throws Exception {
        String orgId = operator.post("/api/admin/v1/orgs", "{\"name\": \"Reports " + suffix + "\"}")
                .body()
                .getString("id");
        assertEquals(
                201,
                operator.post("/api/admin/v1/orgs/" + orgId + "/grants", "{\"amount\": \"1\"}")
                        .status());
        // A call settled as the settlement code will write it: cost to the provider, the rest to margin revenue.
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(SharedPostgres.jdbcUrl());
        database.setUser("postgres");
        database.setPassword("postgres");
        Ledger ledger = new Ledger(database);
        UUID credits = ledger.account(AccountKind.ORG_CREDITS, orgId);
        String provider = "payee-" + suffix;
        ledger.apply(List.of(
                new TransferRequest.Post(
                        UUID.randomUUID(),
                        credits,
                        ledger.account(AccountKind.PROVIDER_PAYABLE, provider),
                        new BigDecimal("0.000300000000000001"),
                        "usage_cost",
                        Optional.empty()),
                new TransferRequest.Post(
                        UUID.randomUUID(),
                        credits,
                        ledger.account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM),
                        new BigDecimal("0.000015"),
                        "usage_margin",
                        Optional.empty())));
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        Answer revenue = operator.get("/api/admin/v1/ledger/revenue?from=" + today + "&to=" + today);
        assertEquals(200, revenue.status(), revenue.raw());
        JsonObject day = revenue.body().getJsonArray("data").getJsonObject(0);
        assertEquals(today, day.getString("date"));
        assertTrue(new BigDecimal(day.getString("margin")).compareTo(new BigDecimal("0.000015")) >= 0, revenue.raw());
        assertEquals(
                0,
                new BigDecimal(day.getString("margin"))
                        .add(new BigDecimal(day.getString("fees")))
                        .compareTo(new BigDecimal(day.getString("total"))),
                revenue.raw());
        assertEquals(day.getString("total"), revenue.body().getString("total"), revenue.raw());
        assertEquals(day.getString("margin"), revenue.body().getString("total_margin"), revenue.raw());
        assertEquals(day.getString("fees"), revenue.body().getString("total_fees"), revenue.raw());

        Answer lastThirtyDays = operator.get("/api/admin/v1/ledger/revenue");
        assertEquals(200, lastThirtyDays.status(), lastThirtyDays.raw());
        JsonArray days = lastThirtyDays.body().getJsonArray("data");
        assertEquals(30, days.size(), "every day is listed, zeros included");
        assertEquals(today, days.getJsonObject(29).getString("date"));
        assertEquals(
                LocalDate.now(ZoneOffset.UTC).minusDays(29).toString(),
                days.getJsonObject(0).getString("date"));

        Answer payables = operator.get("/api/admin/v1/ledger/payables");
        assertEquals(200, payables.status(), payables.raw());
        JsonObject owed = payables.body().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(payable -> payable.getString("provider").equals(provider))
                .findFirst()
                .orElseThrow(() -> new AssertionError(payables.raw()));
        assertEquals("0.000300000000000001", owed.getString("owed"));
        assertEquals(1, owed.getInt("calls"));
        assertTrue(
                new BigDecimal(payables.body().getString("total_owed"))
                                .compareTo(new BigDecimal("0.000300000000000001"))
                        >= 0,
                payables.raw());
        assertTrue(operator.get("/api/admin/v1/ledger/summary").body().getBoolean("balanced"));
    }

    @Test
    void reportsRefuseBadRangesAndCallersWithoutTheOperatorToken() throws Exception {
        String revenue = "/api/admin/v1/ledger/revenue";
        assertRefused(400, "from: must be a date as YYYY-MM-DD", operator.get(revenue + "?from=2026-13-01"));
        assertRefused(400, "to: must be a date as YYYY-MM-DD", operator.get(revenue + "?to=yesterday"));
        assertRefused(400, "from: must not be after to", operator.get(revenue + "?from=2026-11-22&to=2026-11-21"));
        assertRefused(
                400, "from: must be within 366 days of to", operator.get(revenue + "?from=2025-01-01&to=2026-01-02"));
        assertEquals(
                366,
                operator.get(revenue + "?from=2028-01-01&to=2028-12-31")
                        .body()
                        .getJsonArray("data")
                        .size());

        OperatorClient anonymous = new OperatorClient(base.toURI(), null);
        for (String path : List.of(revenue, "/api/admin/v1/ledger/payables", "/api/admin/v1/ledger/summary")) {
            Answer refused = anonymous.get(path);
            assertEquals(401, refused.status(), path);
            assertEquals(401, refused.body().getJsonObject("error").getInt("code"), path);
        }
    }

    /** The model's list price as the public model list shows it, if routing has an endpoint for it. */
    private Optional<JsonObject> publicPrice(String modelId) throws Exception {
        Answer models = new OperatorClient(base.toURI(), null).get("/api/v1/models");
        assertEquals(200, models.status());
        return models.body().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(model -> model.getString("id").equals(modelId))
                .map(model -> model.getJsonObject("pricing"))
                .findFirst();
    }

    private static void assertRefused(int status, String message, Answer answer) {
        assertEquals(status, answer.status(), answer.raw());
        assertEquals(status, answer.body().getJsonObject("error").getInt("code"), answer.raw());
        assertTrue(answer.errorMessage().contains(message), answer.errorMessage());
    }
}
