package dev.tollgate.web.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenRouter's key management API with an organisation's management key, across two organisations. */
class KeysApiIT extends DeployedTollgate {

    private OperatorClient orgA;
    private OperatorClient orgB;

    @BeforeEach
    void organisations() throws Exception {
        orgA = new OperatorClient(base.toURI(), managementKey("A"));
        orgB = new OperatorClient(base.toURI(), managementKey("B"));
    }

    private String managementKey(String name) throws Exception {
        OperatorClient operator = new OperatorClient(base.toURI(), SharedPostgres.OPERATOR_TOKEN);
        Answer created =
                operator.post("/api/admin/v1/orgs", "{\"name\": \"Keys " + name + " " + UUID.randomUUID() + "\"}");
        assertEquals(201, created.status(), created.raw());
        return created.body().getString("management_key");
    }

    private URI uri() throws Exception {
        return base.toURI();
    }

    @Test
    void aKeyIsCreatedShownOnceListedChangedAndDeleted() throws Exception {
        assertEquals(0, orgA.get("/api/v1/keys").body().getJsonArray("data").size());

        Answer created = orgA.post("/api/v1/keys", "{\"name\": \"ci\", \"limit\": 12.5, \"limit_reset\": \"monthly\"}");
        assertEquals(201, created.status(), created.raw());
        String key = created.body().getString("key");
        JsonObject info = created.body().getJsonObject("data");
        assertTrue(key.matches("sk-or-v1-[0-9a-f]{64}"), key);
        assertEquals(sha256(key), info.getString("hash"));
        assertEquals("ci", info.getString("name"));
        assertEquals("12.5", info.getJsonNumber("limit").bigDecimalValue().toPlainString());
        assertEquals("monthly", info.getString("limit_reset"));
        assertTrue(info.getString("label").startsWith("sk-or-v1-")
                && info.getString("label").contains("..."));
        String hash = info.getString("hash");

        Answer fetched = orgA.get("/api/v1/keys/" + hash);
        assertEquals("ci", fetched.body().getJsonObject("data").getString("name"));
        assertFalse(fetched.raw().contains(key), "the key is never shown again");
        Answer listed = orgA.get("/api/v1/keys");
        assertEquals(List.of(hash), hashes(listed));
        assertFalse(listed.raw().contains(key));

        Answer changed =
                orgA.patch("/api/v1/keys/" + hash, "{\"name\": \"ci-renamed\", \"disabled\": true, \"limit\": null}");
        assertEquals(200, changed.status(), changed.raw());
        assertEquals("ci-renamed", changed.body().getJsonObject("data").getString("name"));
        assertTrue(changed.body().getJsonObject("data").isNull("limit"));
        assertEquals(List.of(), hashes(orgA.get("/api/v1/keys")), "disabled keys are listed only on request");
        assertEquals(List.of(hash), hashes(orgA.get("/api/v1/keys?include_disabled=true")));

        Answer deleted = orgA.delete("/api/v1/keys/" + hash);
        assertEquals(200, deleted.status(), deleted.raw());
        assertTrue(deleted.body().getBoolean("deleted"));
        assertEquals(404, orgA.get("/api/v1/keys/" + hash).status());
        assertEquals(List.of(), hashes(orgA.get("/api/v1/keys?include_disabled=true")));
    }

    @Test
    void anotherOrganisationsKeyIsNotFound() throws Exception {
        String hash = orgA.post("/api/v1/keys", "{\"name\": \"private\"}")
                .body()
                .getJsonObject("data")
                .getString("hash");

        assertEquals(404, orgB.get("/api/v1/keys/" + hash).status());
        assertEquals(
                404, orgB.patch("/api/v1/keys/" + hash, "{\"disabled\": true}").status());
        assertEquals(404, orgB.delete("/api/v1/keys/" + hash).status());
        assertEquals(List.of(), hashes(orgB.get("/api/v1/keys?include_disabled=true")));
        assertFalse(
                orgA.get("/api/v1/keys/" + hash).body().getJsonObject("data").getBoolean("disabled"));
    }

    @Test
    void onlyAValidManagementKeyGetsIn() throws Exception {
        String inference =
                orgA.post("/api/v1/keys", "{\"name\": \"inference\"}").body().getString("key");

        Answer withInferenceKey = new OperatorClient(uri(), inference).get("/api/v1/keys");
        assertEquals(403, withInferenceKey.status(), withInferenceKey.raw());
        assertEquals(403, withInferenceKey.body().getJsonObject("error").getInt("code"));

        Answer unknown = new OperatorClient(uri(), "sk-or-v1-" + "ab".repeat(32)).get("/api/v1/keys");
        assertEquals(401, unknown.status());
        assertEquals("Invalid API key", unknown.errorMessage());
        assertEquals(401, new OperatorClient(uri(), null).get("/api/v1/keys").status());
    }

    @Test
    void disabledAndExpiredKeysAreRefusedAtOnce() throws Exception {
        Answer created = orgA.post("/api/v1/keys", "{\"name\": \"short-lived\"}");
        String key = created.body().getString("key");
        String hash = created.body().getJsonObject("data").getString("hash");
        OperatorClient holder = new OperatorClient(uri(), key);
        assertEquals(403, holder.get("/api/v1/keys").status(), "known and valid: only the kind is wrong");

        orgA.patch("/api/v1/keys/" + hash, "{\"disabled\": true}");
        Answer disabled = holder.get("/api/v1/keys");
        assertEquals(401, disabled.status());
        assertEquals("This API key is disabled", disabled.errorMessage());

        Instant soon = Instant.now().plusSeconds(2);
        orgA.patch("/api/v1/keys/" + hash, "{\"disabled\": false, \"expires_at\": \"" + soon + "\"}");
        assertEquals(403, holder.get("/api/v1/keys").status());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        Answer expired = holder.get("/api/v1/keys");
        while (expired.status() != 401 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            expired = holder.get("/api/v1/keys");
        }
        assertEquals(401, expired.status());
        assertEquals("This API key has expired", expired.errorMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() throws Exception {
        assertRefused("name: is required", orgA.post("/api/v1/keys", "{}"));
        assertRefused("limit: must not be negative", orgA.post("/api/v1/keys", "{\"name\": \"x\", \"limit\": -1}"));
        assertRefused(
                "limit: must be a decimal number", orgA.post("/api/v1/keys", "{\"name\": \"x\", \"limit\": \"lots\"}"));
        assertRefused(
                "limit_reset: must be daily, weekly, monthly or null",
                orgA.post("/api/v1/keys", "{\"name\": \"x\", \"limit_reset\": \"hourly\"}"));
        assertRefused(
                "expires_at: must be in the future",
                orgA.post("/api/v1/keys", "{\"name\": \"x\", \"expires_at\": \"2020-01-01T00:00:00Z\"}"));
        assertRefused(
                "expires_at: must be an ISO-8601 time",
                orgA.post("/api/v1/keys", "{\"name\": \"x\", \"expires_at\": \"tomorrow\"}"));
        assertRefused("owner: unknown field", orgA.post("/api/v1/keys", "{\"name\": \"x\", \"owner\": \"me\"}"));
    }

    private static void assertRefused(String message, Answer answer) {
        assertEquals(400, answer.status(), answer.raw());
        assertTrue(answer.errorMessage().startsWith(message), answer.errorMessage());
    }

    private static List<String> hashes(Answer list) {
        return list.body().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(key -> key.getString("hash"))
                .toList();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
