package dev.tollgate.web.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeStripe;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation at the API's doors. Two organisations with real data (each made a key through the API and called a
 * model with it, so each has a generation and spend) are asked for each other's data by every kind of caller: an
 * organisation's inference key and management key, the other organisation's, the operator token and nobody. Another
 * organisation's generation or key is as unknown as a made-up one: 404 in OpenRouter's envelope, nothing of it in the
 * body; and every answer about "my" data is the caller's organisation's exact figures.
 */
class TenantIsolationApiIT extends DeployedTollgate {

    private static final String NEEDS_MANAGEMENT_KEY = "This endpoint needs a management key, not an inference key";

    private InferenceMarketplace market;
    private OperatorClient operator;
    private Tenant a;
    private Tenant b;

    /**
     * What the test knows of one organisation, to compare answers with. B calls twice, so that the two organisations'
     * spend differs as their credits do.
     */
    private record Tenant(
            String id,
            String name,
            String credits,
            OperatorClient management,
            String managementHash,
            String managementLabel,
            OperatorClient inference,
            String inferenceKey,
            String inferenceHash,
            String inferenceLabel,
            String generationId,
            BigDecimal spend) {}

    @BeforeEach
    void twoOrganisationsWithACallEach() throws Exception {
        market = InferenceMarketplace.on(uri());
        operator = new OperatorClient(uri(), SharedPostgres.OPERATOR_TOKEN);
        a = tenant("A", "10", 1);
        b = tenant("B", "7", 2);
    }

    private Tenant tenant(String letter, String credits, int calls) throws Exception {
        String name = "Isolation " + letter + " " + UUID.randomUUID();
        Organisation organisation = Organisation.funded(operator, name, credits);
        OperatorClient management = new OperatorClient(uri(), organisation.managementKey());
        Answer created = management.post("/api/v1/keys", "{\"name\": \"" + name + " key\"}");
        assertEquals(201, created.status(), created.raw());
        String key = created.body().getString("key");
        String generationId = null;
        BigDecimal spend = BigDecimal.ZERO;
        for (int call = 0; call < calls; call++) {
            ChatCompletion completion = sdk(key).chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(market.model("chat"))
                            .addUserMessage("Hello from " + letter)
                            .build());
            generationId = generationId == null ? completion.id() : generationId;
            spend = spend.add(new BigDecimal(completion
                    .usage()
                    .orElseThrow()
                    ._additionalProperties()
                    .get("cost")
                    .toString()));
        }
        return new Tenant(
                organisation.id(),
                name,
                credits,
                management,
                sha256(organisation.managementKey()),
                label(organisation.managementKey()),
                new OperatorClient(uri(), key),
                key,
                created.body().getJsonObject("data").getString("hash"),
                created.body().getJsonObject("data").getString("label"),
                generationId,
                spend);
    }

    @Test
    void everyKeySeesItsOwnOrganisationsFiguresAndNoOthers() throws Exception {
        assertTrue(a.spend().compareTo(b.spend()) != 0, "the two organisations must differ to tell them apart");
        for (Tenant tenant : List.of(a, b)) {
            JsonObject inferenceKey = data(tenant.inference().get("/api/v1/key"));
            assertEquals(tenant.inferenceLabel(), inferenceKey.getString("label"));
            assertFalse(inferenceKey.getBoolean("is_management_key"));
            assertAmount(tenant.spend(), inferenceKey.getJsonNumber("usage").bigDecimalValue());

            // Any key may read itself, a management key too (it spends nothing itself).
            JsonObject managementKey = data(tenant.management().get("/api/v1/key"));
            assertEquals(tenant.managementLabel(), managementKey.getString("label"));
            assertTrue(managementKey.getBoolean("is_management_key"));
            assertAmount(BigDecimal.ZERO, managementKey.getJsonNumber("usage").bigDecimalValue());

            JsonObject credits = data(tenant.management().get("/api/v1/credits"));
            assertAmount(
                    new BigDecimal(tenant.credits()),
                    credits.getJsonNumber("total_credits").bigDecimalValue());
            assertAmount(tenant.spend(), credits.getJsonNumber("total_usage").bigDecimalValue());

            assertEquals(
                    List.of(tenant.inferenceHash()), hashes(tenant.management().get("/api/v1/keys")));
            assertEquals(
                    List.of(tenant.inferenceHash()),
                    hashes(tenant.management().get("/api/v1/keys?include_disabled=true")));
            assertEquals(
                    tenant.name() + " key",
                    data(tenant.management().get("/api/v1/keys/" + tenant.inferenceHash()))
                            .getString("name"));

            for (OperatorClient caller : List.of(tenant.inference(), tenant.management())) {
                JsonObject generation = data(caller.get("/api/v1/generation?id=" + tenant.generationId()));
                assertEquals(tenant.generationId(), generation.getString("id"));
                assertEquals(market.model("chat"), generation.getString("model"));
            }
        }
    }

    @Test
    void anotherOrganisationsGenerationsAndKeysAreNotFound() throws Exception {
        for (Tenant[] pair : new Tenant[][] {{a, b}, {b, a}}) {
            Tenant caller = pair[0];
            Tenant other = pair[1];
            for (OperatorClient key : List.of(caller.inference(), caller.management())) {
                Answer generation = key.get("/api/v1/generation?id=" + other.generationId());
                assertNotFound("Not Found", generation, other);
                assertEquals(
                        key.get("/api/v1/generation?id=gen-0-made-up").raw(),
                        generation.raw(),
                        "another organisation's generation is answered as a made-up one");
            }
            for (String hash : List.of(other.inferenceHash(), other.managementHash())) {
                String notFound = "no key with hash '" + hash + "'";
                OperatorClient management = caller.management();
                assertNotFound(notFound, management.get("/api/v1/keys/" + hash), other);
                assertNotFound(notFound, management.patch("/api/v1/keys/" + hash, "{\"disabled\": true}"), other);
                assertNotFound(
                        notFound,
                        management.patch("/api/v1/keys/" + hash, "{\"name\": \"taken over\", \"limit\": 0}"),
                        other);
                assertNotFound(notFound, management.delete("/api/v1/keys/" + hash), other);
            }
        }
        for (Tenant tenant : List.of(a, b)) {
            JsonObject key = data(tenant.management().get("/api/v1/keys/" + tenant.inferenceHash()));
            assertEquals(tenant.name() + " key", key.getString("name"));
            assertFalse(key.getBoolean("disabled"));
            assertTrue(key.isNull("limit"));
            assertEquals(
                    tenant.inferenceLabel(),
                    data(tenant.inference().get("/api/v1/key")).getString("label"));
            assertEquals(
                    tenant.managementLabel(),
                    data(tenant.management().get("/api/v1/key")).getString("label"));
        }
    }

    @Test
    void anInferenceKeyCannotManageAndAManagementKeyCannotCallModels() throws Exception {
        for (Call call : managementCalls(a)) {
            assertRefused(403, NEEDS_MANAGEMENT_KEY, call.send(a.inference()), call);
        }
        JsonObject untouched = data(a.management().get("/api/v1/keys/" + a.inferenceHash()));
        assertEquals(a.name() + " key", untouched.getString("name"));
        assertFalse(untouched.getBoolean("disabled"));
        assertEquals(List.of(a.inferenceHash()), hashes(a.management().get("/api/v1/keys")));

        for (Call call : inferenceCalls()) {
            assertRefused(
                    403,
                    "A management key cannot call inference: use one of the organisation's API keys",
                    call.send(a.management()),
                    call);
        }
    }

    @Test
    void nobodyAndTheOperatorTokenAreRefusedAtEveryTenantDoor() throws Exception {
        List<Call> calls = new ArrayList<>(managementCalls(a));
        calls.addAll(anyKeyCalls(a));
        calls.addAll(inferenceCalls());
        OperatorClient nobody = new OperatorClient(uri(), null);
        for (Call call : calls) {
            assertRefused(
                    401, "No auth credentials found: send Authorization: Bearer <API key>", call.send(nobody), call);
            assertRefused(401, "Invalid API key", call.send(operator), call);
        }
        assertEquals(List.of(a.inferenceHash()), hashes(a.management().get("/api/v1/keys")));
    }

    @Test
    void organisationKeysAreRefusedByTheOperatorApi() throws Exception {
        List<Call> calls = List.of(
                new Call("GET", "/api/admin/v1/ledger/summary", null),
                new Call("GET", "/api/admin/v1/providers", null),
                new Call("POST", "/api/admin/v1/orgs", "{\"name\": \"by a tenant\"}"),
                new Call("PATCH", "/api/admin/v1/orgs/" + b.id(), "{\"deny_data_collection\": true}"),
                new Call("POST", "/api/admin/v1/orgs/" + a.id() + "/grants", "{\"amount\": \"1000\"}"));
        for (Call call : calls) {
            for (OperatorClient key : List.of(a.inference(), a.management(), b.management())) {
                assertRefused(401, "Invalid operator token", call.send(key), call);
            }
            assertRefused(
                    401,
                    "No auth credentials found: send Authorization: Bearer <operator token>",
                    call.send(new OperatorClient(uri(), null)),
                    call);
        }
        // The grant A tried to give itself did not happen.
        JsonObject credits = data(a.management().get("/api/v1/credits"));
        assertAmount(
                new BigDecimal(a.credits()),
                credits.getJsonNumber("total_credits").bigDecimalValue());
    }

    @Test
    void aManagementKeysCheckoutBuysForItsOwnOrganisation() throws Exception {
        Answer checkout = a.management().post("/api/v1/credits/checkout", "{\"amount\": \"20\"}");
        assertEquals(200, checkout.status(), checkout.raw());
        String session = checkout.body().getString("session_id");
        assertEquals(a.id(), FakeStripe.shared().session(session).form().get("metadata[organization_id]"));
        assertEquals(a.id(), FakeStripe.shared().session(session).form().get("client_reference_id"));
    }

    @Test
    void aDisabledOrDeletedKeyReadsNothing() throws Exception {
        Answer created = a.management().post("/api/v1/keys", "{\"name\": \"short-lived\"}");
        assertEquals(201, created.status(), created.raw());
        String key = created.body().getString("key");
        String hash = created.body().getJsonObject("data").getString("hash");
        String generationId = sdk(key).chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(market.model("chat"))
                        .addUserMessage("Before the end")
                        .build())
                .id();
        OperatorClient holder = new OperatorClient(uri(), key);
        assertEquals(hash, sha256(key));
        assertEquals(
                generationId,
                data(holder.get("/api/v1/generation?id=" + generationId)).getString("id"));

        assertEquals(
                200,
                a.management()
                        .patch("/api/v1/keys/" + hash, "{\"disabled\": true}")
                        .status());
        List<Call> reads = List.of(
                new Call("GET", "/api/v1/key", null),
                new Call("GET", "/api/v1/generation?id=" + generationId, null),
                new Call("GET", "/api/v1/generation?id=" + a.generationId(), null));
        for (Call call : reads) {
            assertRefused(401, "This API key is disabled", call.send(holder), call);
        }
        for (Call call : inferenceCalls()) {
            assertRefused(401, "This API key is disabled", call.send(holder), call);
        }

        // Enabled again, then deleted: deletion alone must shut it out.
        assertEquals(
                200,
                a.management()
                        .patch("/api/v1/keys/" + hash, "{\"disabled\": false}")
                        .status());
        assertEquals(
                generationId,
                data(holder.get("/api/v1/generation?id=" + generationId)).getString("id"));
        assertEquals(200, a.management().delete("/api/v1/keys/" + hash).status());
        for (Call call : reads) {
            assertRefused(401, "Invalid API key", call.send(holder), call);
        }
        // The organisation keeps the history of a deleted key.
        assertEquals(
                generationId,
                data(a.management().get("/api/v1/generation?id=" + generationId))
                        .getString("id"));
    }

    /** One request, described well enough to say which one failed. */
    private record Call(String method, String path, String body) {

        Answer send(OperatorClient client) throws Exception {
            return switch (method) {
                case "GET" -> client.get(path);
                case "POST" -> client.post(path, body);
                case "PATCH" -> client.patch(path, body);
                case "DELETE" -> client.delete(path);
                default -> throw new IllegalArgumentException(method);
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The doors only a management key passes, aimed at the organisation's own key. */
    private static List<Call> managementCalls(Tenant tenant) {
        String own = "/api/v1/keys/" + tenant.inferenceHash();
        return List.of(
                new Call("GET", "/api/v1/credits", null),
                new Call("POST", "/api/v1/credits/checkout", "{\"amount\": \"20\"}"),
                new Call("GET", "/api/v1/keys", null),
                new Call("POST", "/api/v1/keys", "{\"name\": \"smuggled\"}"),
                new Call("GET", own, null),
                new Call("PATCH", own, "{\"disabled\": true}"),
                new Call("DELETE", own, null));
    }

    /** The doors any key of the organisation passes. */
    private static List<Call> anyKeyCalls(Tenant tenant) {
        return List.of(
                new Call("GET", "/api/v1/key", null),
                new Call("GET", "/api/v1/generation?id=" + tenant.generationId(), null));
    }

    private List<Call> inferenceCalls() {
        return List.of(
                new Call(
                        "POST",
                        "/api/v1/chat/completions",
                        "{\"model\": \"" + market.model("chat") + "\", \"messages\": [{\"role\": \"user\","
                                + " \"content\": \"Hi\"}]}"),
                new Call(
                        "POST",
                        "/api/v1/completions",
                        "{\"model\": \"" + market.model("chat") + "\", \"prompt\": \"Hi\"}"));
    }

    /** A 404 in OpenRouter's envelope that gives nothing of the other organisation away. */
    private static void assertNotFound(String message, Answer answer, Tenant other) {
        assertRefused(404, message, answer, "a request for " + other.name() + "'s data");
        for (String secret : List.of(other.id(), other.name(), other.inferenceLabel(), other.managementLabel())) {
            assertFalse(answer.raw().contains(secret), answer.raw());
        }
    }

    private static void assertRefused(int status, String message, Answer answer, Object call) {
        assertEquals(status, answer.status(), call + ": " + answer.raw());
        assertEquals(status, answer.body().getJsonObject("error").getInt("code"), call + ": " + answer.raw());
        assertEquals(message, answer.errorMessage(), call + ": " + answer.raw());
        assertFalse(answer.body().containsKey("data"), call + ": " + answer.raw());
    }

    private static JsonObject data(Answer answer) {
        assertEquals(200, answer.status(), answer.raw());
        return answer.body().getJsonObject("data");
    }

    private static List<String> hashes(Answer list) {
        assertEquals(200, list.status(), list.raw());
        return list.body().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(key -> key.getString("hash"))
                .toList();
    }

    private static void assertAmount(BigDecimal expected, BigDecimal actual) {
        assertEquals(0, expected.compareTo(actual), () -> "expected " + expected + ", was " + actual);
    }

    private OpenAIClient sdk(String key) throws Exception {
        return OpenAIOkHttpClient.builder()
                .baseUrl(uri().resolve("/api/v1").toString())
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private URI uri() throws Exception {
        return base.toURI();
    }

    /** The masked label Tollgate shows for a key: its prefix and three characters, then its last three. */
    private static String label(String key) {
        return key.substring(0, "sk-or-v1-".length() + 3) + "..." + key.substring(key.length() - 3);
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
