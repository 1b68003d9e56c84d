package dev.tollgate.web.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit log through the operator API: an operator's catalog, price and grant changes and an owner's key changes
 * are each on record with who made them and the values before and after, newest first, filtered and paged; nobody
 * but an operator reads it, and no credential is ever in it. Its own organisation, provider and model, so other
 * classes on the shared deployment neither disturb it nor are disturbed.
 */
class AuditLogIT extends DeployedTollgate {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String slug = "audit-" + suffix;
    private final String modelId = "audit/model-" + suffix;
    private final String upstreamSecret = "sk-upstream-audit-" + UUID.randomUUID();
    private OperatorClient operator;
    private String since;

    @BeforeEach
    void operator() throws Exception {
        operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        since = Instant.now()
                .minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    @Test
    void catalogPriceAndGrantChangesAreOnRecordWithBeforeAndAfter() throws Exception {
        assertEquals(
                201,
                operator.post("/api/admin/v1/providers", """
                {"slug": "%s", "name": "Audit %s", "protocol": "openai", "base_url": "https://api.example.test/v1",
                 "api_key": "%s", "data_policy": {"training": false, "retains_prompts": false}}""".formatted(slug, suffix, upstreamSecret))
                        .status());
        assertEquals(
                200,
                operator.patch("/api/admin/v1/providers/" + slug, "{\"margin\": \"0.1\"}")
                        .status());
        assertEquals(
                201,
                operator.post("/api/admin/v1/models", """
                {"id": "%s", "name": "Audit model", "context_length": 8192}""".formatted(modelId)).status());
        Answer endpoint = operator.post("/api/admin/v1/endpoints", """
                {"model": "%s", "provider": "%s", "upstream_model": "up", "cost": {"prompt": "0.000001",
                 "completion": "0.000002"}}""".formatted(modelId, slug));
        assertEquals(201, endpoint.status(), endpoint.raw());
        String endpointId = endpoint.body().getString("id");
        assertEquals(
                200,
                operator.patch("/api/admin/v1/endpoints/" + endpointId, """
                {"cost": {"prompt": "0.0000015", "completion": "0.000002"}, "margin": "0.25"}""").status());
        assertEquals(
                204, operator.delete("/api/admin/v1/endpoints/" + endpointId).status());
        assertEquals(204, operator.delete("/api/admin/v1/models/" + modelId).status());
        assertEquals(204, operator.delete("/api/admin/v1/providers/" + slug).status());

        JsonObject repriced = only(entries("action=endpoint.update"), "endpoint " + modelId + " at " + slug);
        assertEquals("operator_token", repriced.getJsonObject("actor").getString("kind"));
        assertTrue(repriced.isNull("organization_id"));
        assertDecimal("0.000001", repriced.getJsonObject("before"), "cost_prompt");
        assertDecimal("0.0000015", repriced.getJsonObject("after"), "cost_prompt");
        assertTrue(repriced.getJsonObject("before").isNull("margin"));
        assertDecimal("0.25", repriced.getJsonObject("after"), "margin");

        JsonObject margin = only(entries("action=provider.update"), "provider " + slug);
        assertTrue(margin.getJsonObject("before").isNull("margin"));
        assertDecimal("0.1", margin.getJsonObject("after"), "margin");
        assertEquals(JsonValue.TRUE, margin.getJsonObject("after").get("has_api_key"));

        JsonObject removed = only(entries("action=endpoint.delete"), "endpoint " + modelId + " at " + slug);
        assertDecimal("0.0000015", removed.getJsonObject("before"), "cost_prompt");
        assertTrue(removed.isNull("after"));
        only(entries("action=provider.create"), "provider " + slug);
        only(entries("action=model.delete"), "model " + modelId);

        Answer everything = operator.get("/api/admin/v1/audit?limit=200&since=" + since);
        assertFalse(everything.raw().contains(upstreamSecret), "a provider's credential is never in the log");
    }

    @Test
    void anOwnersKeyChangesAndAnOperatorsGrantAreOnRecordForTheirOrganisationOnly() throws Exception {
        Answer organization = operator.post("/api/admin/v1/orgs", "{\"name\": \"Audit " + suffix + "\"}");
        String org = organization.body().getString("id");
        OperatorClient owner =
                new OperatorClient(base.toURI(), organization.body().getString("management_key"));
        Answer granted = operator.post(
                "/api/admin/v1/orgs/" + org + "/grants",
                "{\"amount\": \"10.50\", \"reason\":" + " \"audit\"}",
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertEquals(201, granted.status(), granted.raw());
        Answer key = owner.post("/api/v1/keys", "{\"name\": \"ci\"}");
        String hash = key.body().getJsonObject("data").getString("hash");
        assertEquals(
                200, owner.patch("/api/v1/keys/" + hash, "{\"disabled\": true}").status());

        Answer page = operator.get("/api/admin/v1/audit?organization=" + org);
        assertEquals(200, page.status(), page.raw());
        List<JsonObject> entries = page.body().getJsonArray("data").getValuesAs(JsonObject.class);
        assertEquals(
                List.of("key.update", "key.create", "grant.create", "organization.create"),
                entries.stream().map(entry -> entry.getString("action")).toList(),
                "newest first");
        JsonObject disabled = entries.get(0);
        assertEquals("management_key", disabled.getJsonObject("actor").getString("kind"));
        assertTrue(disabled.getJsonObject("actor").getString("label").startsWith("sk-or-v1-"), disabled.toString());
        assertEquals(JsonValue.FALSE, disabled.getJsonObject("before").get("disabled"));
        assertEquals(JsonValue.TRUE, disabled.getJsonObject("after").get("disabled"));
        JsonObject grant = entries.get(2);
        assertDecimal("0", grant.getJsonObject("before"), "available");
        assertDecimal("10.50", grant.getJsonObject("after"), "available");
        assertEquals("audit", grant.getJsonObject("after").getString("reason"));
        assertFalse(page.raw().contains(key.body().getString("key")), "a key is never in the log");

        Answer first = operator.get("/api/admin/v1/audit?organization=" + org + "&limit=1");
        Answer second = operator.get("/api/admin/v1/audit?organization=" + org + "&limit=1&offset=1");
        assertEquals(4, first.body().getInt("total"));
        assertEquals(1, first.body().getInt("next_offset"));
        assertEquals("key.update", action(first));
        assertEquals("key.create", action(second));
        Answer keysOnly = operator.get("/api/admin/v1/audit?organization=" + org + "&action=key.");
        assertEquals(2, keysOnly.body().getInt("total"));

        // The organisation's own management key, an inference key, nobody: none reads the log.
        for (OperatorClient stranger : List.of(
                owner,
                new OperatorClient(base.toURI(), key.body().getString("key")),
                new OperatorClient(base.toURI(), null))) {
            Answer refused = stranger.get("/api/admin/v1/audit?organization=" + org);
            assertEquals(401, refused.status(), refused.raw());
            assertFalse(refused.raw().contains("key.create"));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheLogAndItsFilters() throws Exception {
        HttpResponse<String> openApi = Http.get(base.toURI().resolve("/openapi"));

        assertEquals(200, openApi.statusCode());
        String document = openApi.body();
        int path = document.indexOf("/api/admin/v1/audit:");
        assertTrue(path >= 0, document);
        int next = document.indexOf("\n  /", path + 1);
        String operation = document.substring(path, next < 0 ? document.length() : next);
        for (String parameter : List.of("organization", "action", "since", "offset", "limit")) {
            assertTrue(operation.contains("name: " + parameter), parameter + " in " + operation);
        }
        assertTrue(operation.contains("operatorToken"), operation);
    }

    @Test
    void badFiltersAreRefusedNamingTheField() throws Exception {
        assertRefused("organization", operator.get("/api/admin/v1/audit?organization=acme"));
        assertRefused("since", operator.get("/api/admin/v1/audit?since=yesterday"));
        assertRefused("limit", operator.get("/api/admin/v1/audit?limit=201"));
        assertRefused("offset", operator.get("/api/admin/v1/audit?offset=-1"));
    }

    private List<JsonObject> entries(String filter) throws Exception {
        Answer page = operator.get("/api/admin/v1/audit?limit=200&" + filter + "&since="
                + URLEncoder.encode(since, StandardCharsets.UTF_8));
        assertEquals(200, page.status(), page.raw());
        return page.body().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    private static JsonObject only(List<JsonObject> entries, String target) {
        List<JsonObject> mine = entries.stream()
                .filter(entry -> entry.getString("target").equals(target))
                .toList();
        assertEquals(1, mine.size(), target + " in " + entries);
        return mine.get(0);
    }

    private static String action(Answer page) {
        return page.body().getJsonArray("data").getJsonObject(0).getString("action");
    }

    /** Exact, and a decimal string (never a JSON number, which clients read as floating point). */
    private static void assertDecimal(String expected, JsonObject values, String name) {
        String actual = values.getString(name);
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual)), name + ": " + values);
    }

    private static void assertRefused(String field, Answer answer) {
        assertEquals(400, answer.status(), answer.raw());
        assertTrue(answer.errorMessage().startsWith(field + ":"), answer.raw());
        assertNotEquals(500, answer.status());
    }
}
